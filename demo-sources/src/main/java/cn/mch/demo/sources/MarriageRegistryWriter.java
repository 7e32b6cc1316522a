package cn.mch.demo.sources;

import cn.mch.demo.population.Marriage;
import cn.mch.demo.population.Person;
import cn.mch.demo.population.Population;
import cn.mch.demo.population.Woman;
import cn.mch.demo.sql.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.SplittableRandom;

/**
 * Renders marriages (and the few divorces) into the civil-affairs registry, and premarital exams
 * of both spouses into the exam records of MCH institutions.
 */
final class MarriageRegistryWriter {

  static final String SOURCE = "marriage-registry";

  private MarriageRegistryWriter() {}

  static void write(Population population, Connection c, TruthRecords truth, SplittableRandom random) throws SQLException {
    Stamps stamps = new Stamps(random);
    try (TableWriter registrations = new TableWriter(c, "marriage_registration", "reg_no", "reg_type", "reg_date", "office", "male_name", "male_id_no", "female_name", "female_id_no", "updated_at");
        TableWriter exams = new TableWriter(c, "premarital_exam", "exam_no", "institution", "exam_date", "person_name", "id_no", "sex", "result", "updated_at")) {
      int seq = 0;
      for (Woman woman : population.women()) {
        Marriage m = woman.marriage();
        if (m == null) {
          continue;
        }
        Person wife = woman.person();
        Person husband = m.husband();
        String regNo = String.format("J%d%06d", m.date().getYear(), ++seq);
        registrations.row(regNo, "结婚", m.date(), m.office(), husband.fullName(), husband.residentId(),
            wife.fullName(), wife.residentId(), stamps.instant(m.date()));
        truth.person(SOURCE, "marriage", regNo, wife.personId());
        // About 3% divorce some years later, if that is before today.
        var divorce = m.date().plusYears(3 + random.nextInt(5));
        if (random.nextInt(100) < 3 && divorce.isBefore(population.referenceDate())) {
          String divNo = String.format("L%d%06d", divorce.getYear(), seq);
          registrations.row(divNo, "离婚", divorce, m.office(), husband.fullName(), husband.residentId(),
              wife.fullName(), wife.residentId(), stamps.instant(divorce));
          truth.person(SOURCE, "divorce", divNo, wife.personId());
        }
        if (m.premaritalExamDate() != null) {
          String result = random.nextInt(100) < 95 ? "未发现异常" : "建议进一步检查";
          exams.row("E" + regNo.substring(1) + "F", m.premaritalExamInstitution(), m.premaritalExamDate(),
              wife.fullName(), wife.residentId(), "F", result, stamps.instant(m.premaritalExamDate()));
          exams.row("E" + regNo.substring(1) + "M", m.premaritalExamInstitution(), m.premaritalExamDate(),
              husband.fullName(), husband.residentId(), "M", "未发现异常", stamps.instant(m.premaritalExamDate()));
          truth.person(SOURCE, "premarital-exam", "E" + regNo.substring(1) + "F", wife.personId());
          truth.person(SOURCE, "premarital-exam", "E" + regNo.substring(1) + "M", husband.personId());
        }
      }
    }
  }
}
