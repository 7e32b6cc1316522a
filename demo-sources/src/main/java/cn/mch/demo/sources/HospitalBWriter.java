package cn.mch.demo.sources;

import cn.mch.demo.population.Child;
import cn.mch.demo.population.Person;
import cn.mch.demo.population.Population;
import cn.mch.demo.population.Pregnancy;
import cn.mch.demo.population.Pregnancy.Delivery;
import cn.mch.demo.population.Pregnancy.LabResult;
import cn.mch.demo.population.Pregnancy.RiskAssessment;
import cn.mch.demo.population.Pregnancy.Visit;
import cn.mch.demo.population.RiskColour;
import cn.mch.demo.population.Woman;
import cn.mch.demo.sql.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders the pregnancies cared for at hospital B into hospital B's schema: another vendor's
 * tables, local codes (sex 1/2, colour 1-5, lab items L001..., delivery mode 01/02) and dates as
 * text in several formats.
 */
final class HospitalBWriter {

  static final String SOURCE = "hospital-b";
  private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;
  private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("yyyy/MM/dd");
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final DateTimeFormatter COMPACT_MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm");
  private static final List<Fault> PATIENT_FAULTS =
      List.of(Fault.BAD_CHECK_DIGIT, Fault.MISSING_MANDATORY, Fault.UNKNOWN_CODE);
  private static final List<Fault> VISIT_FAULTS = List.of(Fault.IMPOSSIBLE_VALUE, Fault.DUPLICATE_ROW);
  private static final List<Fault> LAB_FAULTS = List.of(Fault.UNKNOWN_CODE);
  /** Simplified → traditional for a few common name characters: how one woman's name differs. */
  private static final String SIMPLIFIED = "丽娜静敏燕芳婷雪琳颖慧洁玲霞萍娟红梅英华秀兰";
  private static final String TRADITIONAL = "麗娜靜敏燕芳婷雪琳穎慧潔玲霞萍娟紅梅英華秀蘭";

  private HospitalBWriter() {}

  static void write(Population population, Connection c, Faults faults, TruthRecords truth, SplittableRandom random)
      throws SQLException {
    Stamps stamps = new Stamps(random);
    try (TableWriter patients = new TableWriter(c, "his_brjbxx", "brid", "xm", "sfzh", "xb", "csrq", "lxdh", "gxsj");
        TableWriter bookings = new TableWriter(c, "fy_jcxx", "jcid", "brid", "jcrq", "mcyj", "ycq", "yc", "cc", "gxsj");
        TableWriter visits = new TableWriter(c, "fy_cjjl", "jlid", "brid", "jcrq", "yz", "ssy", "szy", "tz", "gd", "txl", "gxsj");
        TableWriter risks = new TableWriter(c, "fy_gwpg", "pgid", "jcid", "pgrq", "ysdm", "gwys", "gxsj");
        TableWriter labs = new TableWriter(c, "lis_jyjg", "jgid", "brid", "xmdm", "jgz", "dw", "bgrq", "gxsj");
        TableWriter deliveries = new TableWriter(c, "fy_fmjl", "fmid", "jcid", "brid", "rysj", "cysj", "fmsj", "yz", "fmfs", "cxl", "bfz", "gxsj");
        TableWriter newborns = new TableWriter(c, "fy_xse", "xseid", "fmid", "tc", "xb", "cssj", "tz", "sc", "apgar1", "apgar5", "gxsj");
        TableWriter postpartum = new TableWriter(c, "fy_chfs", "fsid", "fmid", "fsrq", "gxsj")) {
      int patientSeq = 0;
      for (Woman woman : population.women()) {
        List<Pregnancy> here = woman.pregnancies().stream().filter(p -> p.hospital().equals(SOURCE)).toList();
        if (here.isEmpty()) {
          continue;
        }
        String brid = String.format("B%08d", ++patientSeq);
        Person person = woman.person();
        Fault fault = faults.pick(SOURCE, "patient", brid, PATIENT_FAULTS);
        boolean alsoInA = woman.pregnancies().stream().anyMatch(p -> p.hospital().equals(HospitalAWriter.SOURCE));
        String name = person.fullName();
        String phone = person.phone();
        if (alsoInA && fault == Fault.NONE && faults.chance(0.3)) {
          // The same woman as at hospital A, but with a new phone or her name in traditional script.
          phone = "1" + phone.substring(1, 3) + new StringBuilder(phone.substring(3)).reverse();
          name = traditional(name);
          faults.record(SOURCE, "patient", brid, Fault.DEMOGRAPHIC_VARIANT);
        }
        var registered = here.get(0).bookingDate() != null ? here.get(0).bookingDate() : here.get(0).lmp().plusWeeks(12);
        patients.row(
            brid,
            fault == Fault.MISSING_MANDATORY ? null : name,
            Faults.residentId(person.residentId(), fault),
            fault == Fault.UNKNOWN_CODE ? "9" : "2",
            person.birthDate().format(YYYYMMDD),
            phone,
            stamps.local(registered));
        truth.person(SOURCE, "patient", brid, person.personId());

        for (Pregnancy p : here) {
          String jcid = brid + "G" + p.gravida();
          if (p.bookingDate() != null) {
            bookings.row(jcid, brid, p.bookingDate(), p.lmp().format(SLASHED), p.edd().format(SLASHED), p.gravida(), p.parity(), stamps.local(p.bookingDate()));
            truth.pregnancy(SOURCE, "booking", jcid, person.personId(), p.pregnancyId());
          }
          int n = 0;
          for (Visit v : p.visits()) {
            String jlid = jcid + "V" + (++n);
            Fault visitFault = faults.pick(SOURCE, "prenatal-visit", jlid, VISIT_FAULTS);
            int days = (int) java.time.temporal.ChronoUnit.DAYS.between(p.lmp(), v.date()) % 7;
            Object[] row = {
              jlid, brid, v.date().atTime(9, 0).plusMinutes(n * 7L % 480).format(MINUTE),
              v.gestationalWeek() + "+" + days, v.systolicMmHg(), v.diastolicMmHg(),
              visitFault == Fault.IMPOSSIBLE_VALUE ? new java.math.BigDecimal("-1.0") : v.weightKg(),
              v.fundalHeightCm(), v.fetalHeartRate(), stamps.local(v.date())
            };
            visits.row(row);
            if (visitFault == Fault.DUPLICATE_ROW) {
              visits.row(row);
            }
            truth.pregnancy(SOURCE, "prenatal-visit", jlid, person.personId(), p.pregnancyId());
          }
          int r = 0;
          for (RiskAssessment risk : p.risks()) {
            for (RiskColour colour : risk.colours()) {
              risks.row(jcid + "R" + (++r), jcid, risk.date(), String.valueOf(colour.ordinal() + 1),
                  String.join("、", risk.factors()), stamps.local(risk.date()));
            }
          }
          int l = 0;
          for (LabResult lab : p.labs()) {
            String jgid = jcid + "L" + (++l);
            Fault labFault = faults.pick(SOURCE, "lab-result", jgid, LAB_FAULTS);
            String[] code = labCode(lab);
            labs.row(jgid, brid, labFault == Fault.UNKNOWN_CODE ? "L999" : code[0], labValue(lab), code[1],
                lab.date().format(YYYYMMDD), stamps.local(lab.date()));
          }
          Delivery d = p.delivery();
          if (d != null) {
            String fmid = jcid + "D";
            LocalDate day = d.at().toLocalDate();
            deliveries.row(fmid, p.bookingDate() != null ? jcid : null, brid, day.minusDays(1), day.plusDays(4),
                d.at().format(COMPACT_MINUTE), d.gestationalWeeks() + "+" + d.gestationalDays(),
                d.mode() == Pregnancy.DeliveryMode.CAESAREAN ? "02" : "01", d.bloodLossMl(),
                String.join("、", d.complications()), stamps.local(day.plusDays(1)));
            truth.pregnancy(SOURCE, "delivery", fmid, person.personId(), p.pregnancyId());
            for (Child child : d.babies()) {
              String xseid = fmid + child.birthOrder();
              newborns.row(xseid, fmid, child.birthOrder(), child.person().female() ? "2" : "1",
                  child.birthAt().format(COMPACT_MINUTE), child.weightGrams(), child.lengthCm(), child.apgar1(),
                  child.apgar5(), stamps.local(day.plusDays(1)));
              truth.person(SOURCE, "newborn", xseid, child.person().personId());
            }
            int pv = 0;
            for (LocalDate date : p.postpartumVisits()) {
              postpartum.row(fmid + "F" + (++pv), fmid, date, stamps.local(date));
            }
          }
        }
      }
    }
  }

  private static String traditional(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints().forEach(cp -> {
      int i = SIMPLIFIED.indexOf(cp);
      out.appendCodePoint(i >= 0 ? TRADITIONAL.codePointAt(i) : cp);
    });
    return out.toString();
  }

  /** Hospital B's local item code and unit. */
  private static String[] labCode(LabResult lab) {
    return switch (lab.test()) {
      case HAEMOGLOBIN_G_L -> new String[] {"L001", "g/L"};
      case FASTING_GLUCOSE_MMOL_L -> new String[] {"L017", "mmol/L"};
      case HIV -> new String[] {"L101", null};
      case SYPHILIS -> new String[] {"L102", null};
      case HBSAG -> new String[] {"L103", null};
      case SERUM_SCREENING -> new String[] {"L201", null};
    };
  }

  /** Hospital B reports qualitative results in Chinese. */
  private static String labValue(LabResult lab) {
    return switch (lab.value()) {
      case "positive" -> "阳性";
      case "negative" -> "阴性";
      case "high-risk" -> "高风险";
      case "low-risk" -> "低风险";
      default -> lab.value();
    };
  }
}
