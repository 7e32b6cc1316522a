package cn.mch.demo.sources;

import cn.mch.demo.population.Child;
import cn.mch.demo.population.Child.CheckUp;
import cn.mch.demo.population.Population;
import cn.mch.demo.population.Pregnancy;
import cn.mch.demo.population.Woman;
import cn.mch.demo.sql.TableWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.SplittableRandom;

/** Renders every child into the community child-health system: screening and check-ups. */
final class ChildHealthWriter {

  static final String SOURCE = "child-health";

  private ChildHealthWriter() {}

  static void write(Population population, Connection c, TruthRecords truth, SplittableRandom random) throws SQLException {
    Stamps stamps = new Stamps(random);
    try (TableWriter children = new TableWriter(c, "child", "child_id", "name", "sex", "birth_date", "resident_id", "birth_cert_no", "mother_name", "mother_id_no", "updated_at");
        TableWriter screenings = new TableWriter(c, "newborn_screening", "screening_id", "child_id", "screening_date", "pku", "hypothyroidism", "hearing_left", "hearing_right", "cchd", "updated_at");
        TableWriter checkUps = new TableWriter(c, "checkup", "checkup_id", "child_id", "checkup_date", "age_months", "height_cm", "weight_kg", "head_circ_cm", "vision", "development", "updated_at")) {
      int seq = 0;
      for (Woman woman : population.women()) {
        for (Pregnancy p : woman.pregnancies()) {
          if (p.delivery() == null) {
            continue;
          }
          for (Child child : p.delivery().babies()) {
            String childId = String.format("CH%08d", ++seq);
            var registered = child.householdRegistered();
            // The record is kept up to date: it shows the resident ID once the child has one.
            var lastChange = registered != null ? registered : child.person().birthDate().plusDays(3);
            children.row(childId, child.person().fullName(), child.person().female() ? "F" : "M",
                child.person().birthDate(), child.person().residentId(), child.certificateNumber(),
                woman.person().fullName(), woman.person().residentId(), stamps.instant(lastChange));
            truth.person(SOURCE, "child", childId, child.person().personId());
            Child.Screening s = child.screening();
            if (s != null) {
              screenings.row(childId + "-S", childId, s.date(), s.pku(), s.hypothyroidism(), s.hearingLeft(),
                  s.hearingRight(), s.cchd(), stamps.instant(s.date()));
            }
            for (CheckUp u : child.checkUps()) {
              checkUps.row(childId + "-" + u.ageMonths(), childId, u.date(), u.ageMonths(),
                  BigDecimal.valueOf(u.heightCm()), BigDecimal.valueOf(u.weightKg()),
                  u.headCircumferenceCm() == null ? null : BigDecimal.valueOf(u.headCircumferenceCm()),
                  u.vision(), u.development(), stamps.instant(u.date()));
            }
          }
        }
      }
    }
  }
}
