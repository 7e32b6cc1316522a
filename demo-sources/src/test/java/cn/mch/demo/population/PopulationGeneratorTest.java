package cn.mch.demo.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.demo.population.Pregnancy.Delivery;
import cn.mch.demo.population.Pregnancy.DeliveryMode;
import cn.mch.mappings.identity.ResidentId;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PopulationGeneratorTest {

  private static final LocalDate TODAY = LocalDate.of(2024, 6, 30);
  private static Population m;

  @BeforeAll
  static void generateM() {
    long start = System.nanoTime();
    m = new PopulationGenerator(42, Population.Size.M.women, TODAY).generate();
    // A figure, not an assertion: timing belongs in benchmarks.
    System.out.printf("Generated the M population (%d women) in %d ms%n", m.women().size(), (System.nanoTime() - start) / 1_000_000);
  }

  private static Stream<Person> everyone() {
    return m.women().stream()
        .flatMap(
            w ->
                Stream.concat(
                    Stream.concat(Stream.of(w.person()), w.marriage() == null ? Stream.empty() : Stream.of(w.marriage().husband())),
                    children(w)));
  }

  private static Stream<Person> children(Woman w) {
    return w.pregnancies().stream()
        .filter(p -> p.delivery() != null)
        .flatMap(p -> p.delivery().babies().stream())
        .map(Child::person);
  }

  private static List<Pregnancy> pregnancies() {
    return m.women().stream().flatMap(w -> w.pregnancies().stream()).toList();
  }

  @Test
  void sameSeedGivesTheSamePopulation() {
    assertEquals(m, new PopulationGenerator(42, Population.Size.M.women, TODAY).generate());
  }

  @Test
  void anotherSeedGivesAnotherPopulation() {
    assertNotEquals(
        new PopulationGenerator(1, 50, TODAY).generate().women(),
        new PopulationGenerator(2, 50, TODAY).generate().women());
  }

  @Test
  void everyResidentIdIsValidAndAgreesWithThePerson() {
    everyone()
        .filter(p -> p.residentId() != null)
        .forEach(
            p -> {
              ResidentId id = ResidentId.parse(p.residentId());
              id.requireConsistentWith(p.birthDate(), p.female() ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
              assertEquals(p.divisionCode(), p.residentId().substring(0, 6));
            });
  }

  @Test
  void lifeCourseIsInOrderAndNothingHappensAfterToday() {
    for (Woman w : m.women()) {
      if (w.marriage() != null) {
        Marriage marriage = w.marriage();
        assertTrue(marriage.date().isBefore(TODAY));
        if (marriage.premaritalExamDate() != null) {
          assertTrue(marriage.premaritalExamDate().isBefore(marriage.date()), "exam before marriage");
        }
      }
      LocalDate previousEnd = w.person().birthDate().plusYears(18);
      for (Pregnancy p : w.pregnancies()) {
        assertTrue(p.lmp().isAfter(previousEnd), "pregnancies do not overlap");
        if (w.marriage() != null) {
          assertTrue(p.lmp().isAfter(w.marriage().date()), "pregnant after marriage");
        }
        LocalDate end = p.delivery() == null ? TODAY : p.delivery().at().toLocalDate();
        if (p.bookingDate() != null) {
          assertFalse(p.bookingDate().isBefore(p.lmp()));
        }
        LocalDate last = p.lmp();
        for (Pregnancy.Visit v : p.visits()) {
          assertFalse(v.date().isBefore(last), "visits in order");
          assertTrue(v.date().isBefore(end), "visits before delivery");
          assertEquals(p.gestationalWeekOn(v.date()), v.gestationalWeek());
          last = v.date();
        }
        p.labs().forEach(l -> assertFalse(l.date().isAfter(end)));
        p.postpartumVisits().forEach(d -> assertTrue(d.isAfter(end) && d.isBefore(end.plusDays(43)) && d.isBefore(TODAY)));
        if (p.delivery() != null) {
          Delivery d = p.delivery();
          assertTrue(d.at().toLocalDate().isBefore(TODAY));
          for (Child c : d.babies()) {
            assertEquals(c.birthAt().toLocalDate(), c.person().birthDate());
            assertFalse(c.birthAt().isBefore(d.at()), "born at the delivery (a second twin may be minutes later)");
            if (c.screening() != null) {
              assertTrue(c.screening().date().isAfter(c.person().birthDate()));
            }
            c.checkUps().forEach(u -> assertTrue(u.date().isAfter(c.person().birthDate()) && u.date().isBefore(TODAY)));
          }
          previousEnd = d.at().toLocalDate();
        } else {
          previousEnd = TODAY;
        }
      }
    }
  }

  @Test
  void everyWomanIsAMother() {
    assertTrue(m.women().stream().allMatch(w -> !w.pregnancies().isEmpty()));
  }

  @Test
  void ratesArePlausible() {
    List<Delivery> deliveries = pregnancies().stream().map(Pregnancy::delivery).filter(d -> d != null).toList();
    double caesarean = deliveries.stream().filter(d -> d.mode() == DeliveryMode.CAESAREAN).count() / (double) deliveries.size();
    double twins = deliveries.stream().filter(d -> d.babies().size() == 2).count() / (double) deliveries.size();
    long purple = pregnancies().stream().flatMap(p -> p.risks().stream()).filter(r -> r.colours().contains(RiskColour.PURPLE)).count();
    long neverBooked = pregnancies().stream().filter(p -> p.bookingDate() == null).count();
    long married = m.women().stream().filter(w -> w.marriage() != null).count();
    System.out.printf(
        "M: %d pregnancies, %d deliveries, caesarean %.1f%%, twins %.1f%%, purple assessments %d, never booked %d, married %d%n",
        pregnancies().size(), deliveries.size(), caesarean * 100, twins * 100, purple, neverBooked, married);

    assertTrue(caesarean > 0.30 && caesarean < 0.46, "caesarean rate");
    assertTrue(twins > 0.005 && twins < 0.03, "twin rate");
    assertTrue(purple > 0, "some purple risk grades");
    assertTrue(neverBooked > 0, "some pregnancies never booked");
    assertTrue(everyone().anyMatch(p -> !p.female() && !p.provinceCode().equals("31")), "husbands from other provinces");
    assertTrue(m.women().stream().anyMatch(w -> !w.person().provinceCode().equals("31") && !w.pregnancies().isEmpty()), "mothers registered elsewhere");
  }
}
