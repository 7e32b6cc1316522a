package cn.mch.demo.sources;

import cn.mch.demo.population.Child;
import cn.mch.demo.population.Person;
import cn.mch.demo.population.Population;
import cn.mch.demo.population.Pregnancy;
import cn.mch.demo.population.Woman;
import cn.mch.demo.sql.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.SplittableRandom;

/** Renders a birth medical certificate (出生医学证明) for every child born. */
final class BirthRegistryWriter {

  static final String SOURCE = "birth-registry";
  private static final String[] MINORITIES = {"回族", "满族", "壮族", "蒙古族", "土家族"};

  private BirthRegistryWriter() {}

  static void write(Population population, Connection c, TruthRecords truth, SplittableRandom random) throws SQLException {
    Stamps stamps = new Stamps(random);
    try (TableWriter certificates = new TableWriter(c, "birth_certificate", "cert_no", "child_name", "sex", "birth_time", "birth_place", "gestational_weeks", "weight_g", "length_cm",
        "mother_name", "mother_id_no", "mother_nationality", "mother_ethnicity", "father_name", "father_id_no", "father_nationality", "father_ethnicity", "issuer", "issue_date", "updated_at")) {
      for (Woman woman : population.women()) {
        Person mother = woman.person();
        String motherEthnicity = random.nextInt(100) < 5 ? MINORITIES[random.nextInt(MINORITIES.length)] : "汉族";
        Person father = woman.marriage() == null ? null : woman.marriage().husband();
        for (Pregnancy p : woman.pregnancies()) {
          if (p.delivery() == null) {
            continue;
          }
          String place = p.hospital().equals(HospitalAWriter.SOURCE) ? "市妇幼保健院" : "区人民医院";
          for (Child child : p.delivery().babies()) {
            certificates.row(child.certificateNumber(), child.person().fullName(), child.person().female() ? "F" : "M",
                child.birthAt(), place, p.delivery().gestationalWeeks(), child.weightGrams(), child.lengthCm(),
                mother.fullName(), mother.residentId(), "中国", motherEthnicity,
                father == null ? null : father.fullName(), father == null ? null : father.residentId(),
                father == null ? null : "中国", father == null ? null : "汉族",
                place, child.certificateIssued(), stamps.instant(child.certificateIssued()));
            truth.person(SOURCE, "birth-certificate", child.certificateNumber(), child.person().personId());
          }
        }
      }
    }
  }
}
