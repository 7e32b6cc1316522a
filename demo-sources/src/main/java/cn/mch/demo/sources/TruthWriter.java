package cn.mch.demo.sources;

import cn.mch.demo.population.Child;
import cn.mch.demo.population.Person;
import cn.mch.demo.population.Population;
import cn.mch.demo.population.Pregnancy;
import cn.mch.demo.population.RiskColour;
import cn.mch.demo.population.Woman;
import cn.mch.demo.sql.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the truth itself: people, pregnancies, family links and the expected indicator values
 * per district (the mother's division of registration) and year.
 *
 * <p>Indicators, each over deliveries of the year unless said otherwise:
 *
 * <ul>
 *   <li>{@code caesarean_rate}: caesarean deliveries;
 *   <li>{@code early_booking_rate}: booked before 13 weeks;
 *   <li>{@code systematic_management_rate}: booked before 13 weeks, at least 5 prenatal visits and a
 *       postpartum visit (孕产妇系统管理率);
 *   <li>{@code prenatal_screening_rate}: serum screening during the pregnancy (产前筛查率);
 *   <li>{@code high_risk_rate}: graded orange, red or purple at any assessment;
 *   <li>{@code low_birth_weight_rate}: live births under 2,500 g over live births;
 *   <li>{@code newborn_disease_screening_rate}: live births screened for the two diseases (PKU,
 *       congenital hypothyroidism) over live births;
 *   <li>{@code newborn_hearing_screening_rate}: live births screened for hearing over live births;
 *   <li>{@code premarital_exam_rate}: marriages (by year of marriage) with the woman examined;
 *   <li>{@code child_health_management_rate}: children under 7 at the end of the year (born by the
 *       reference date) with a check-up that year (0-6岁儿童健康管理率);
 *   <li>{@code eye_check_rate}: children aged 3 to 6 during the year with a vision check that year.
 * </ul>
 *
 * Deaths are not modelled, so maternal and infant mortality are not among them.
 */
final class TruthWriter {

  private TruthWriter() {}

  static void write(Population population, Connection c) throws SQLException {
    Map<String, int[]> indicators = new TreeMap<>();
    try (TableWriter persons = new TableWriter(c, "person", "person_id", "role", "full_name", "sex", "birth_date", "resident_id", "division_code");
        TableWriter pregnancies = new TableWriter(c, "pregnancy", "pregnancy_id", "mother_id", "hospital", "lmp", "booking_date", "visits", "delivery_time", "mode", "babies", "postpartum_visits");
        TableWriter links = new TableWriter(c, "link", "kind", "from_person", "to_person")) {
      for (Woman woman : population.women()) {
        Person mother = woman.person();
        person(persons, mother, "mother");
        String district = mother.divisionCode();
        if (woman.marriage() != null) {
          person(persons, woman.marriage().husband(), "husband");
          links.row("spouse", mother.personId(), woman.marriage().husband().personId());
          count(indicators, "premarital_exam_rate", district, woman.marriage().date().getYear(),
              woman.marriage().premaritalExamDate() != null);
        }
        for (Pregnancy p : woman.pregnancies()) {
          var d = p.delivery();
          pregnancies.row(p.pregnancyId(), mother.personId(), p.hospital(), p.lmp(), p.bookingDate(), p.visits().size(),
              d == null ? null : d.at(), d == null ? null : d.mode().name(), d == null ? null : d.babies().size(),
              p.postpartumVisits().size());
          if (d == null) {
            continue;
          }
          int year = d.at().getYear();
          boolean early = p.bookingDate() != null && p.gestationalWeekOn(p.bookingDate()) < 13;
          count(indicators, "caesarean_rate", district, year, d.mode() == Pregnancy.DeliveryMode.CAESAREAN);
          count(indicators, "early_booking_rate", district, year, early);
          count(indicators, "systematic_management_rate", district, year,
              early && p.visits().size() >= 5 && !p.postpartumVisits().isEmpty());
          count(indicators, "prenatal_screening_rate", district, year,
              p.labs().stream().anyMatch(l -> l.test() == Pregnancy.LabTest.SERUM_SCREENING));
          count(indicators, "high_risk_rate", district, year,
              p.risks().stream().flatMap(r -> r.colours().stream())
                  .anyMatch(colour -> colour == RiskColour.ORANGE || colour == RiskColour.RED || colour == RiskColour.PURPLE));
          for (Child child : d.babies()) {
            childYears(indicators, district, child, population.referenceDate().getYear());
            person(persons, child.person(), "child");
            links.row("mother-child", mother.personId(), child.person().personId());
            count(indicators, "low_birth_weight_rate", district, year, child.weightGrams() < 2500);
            count(indicators, "newborn_disease_screening_rate", district, year, child.screening() != null);
            count(indicators, "newborn_hearing_screening_rate", district, year, child.screening() != null);
          }
        }
      }
    }
    try (TableWriter rows = new TableWriter(c, "indicator", "indicator", "district", "year", "numerator", "denominator")) {
      for (var entry : indicators.entrySet()) {
        String[] key = entry.getKey().split("\\|");
        rows.row(key[0], key[1], Integer.parseInt(key[2]), entry.getValue()[0], entry.getValue()[1]);
      }
    }
  }

  /** Check-up indicators for each year the child is under 7, up to the reference year. */
  private static void childYears(Map<String, int[]> indicators, String district, Child child, int lastYear) {
    int born = child.person().birthDate().getYear();
    for (int year = born; year <= Math.min(lastYear, born + 6); year++) {
      int y = year;
      count(indicators, "child_health_management_rate", district, year,
          child.checkUps().stream().anyMatch(u -> u.date().getYear() == y));
      if (year - born >= 3) {
        count(indicators, "eye_check_rate", district, year,
            child.checkUps().stream().anyMatch(u -> u.date().getYear() == y && u.vision() != null));
      }
    }
  }

  private static void person(TableWriter persons, Person p, String role) throws SQLException {
    persons.row(p.personId(), role, p.fullName(), p.female() ? "F" : "M", p.birthDate(), p.residentId(), p.divisionCode());
  }

  private static void count(Map<String, int[]> indicators, String name, String district, int year, boolean inNumerator) {
    int[] counts = indicators.computeIfAbsent(name + "|" + district + "|" + year, k -> new int[2]);
    if (inNumerator) {
      counts[0]++;
    }
    counts[1]++;
  }
}
