package cn.mch.demo.sources;

import cn.mch.demo.population.Child;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Renders the pregnancies cared for at hospital A into hospital A's schema. */
final class HospitalAWriter {

  static final String SOURCE = "hospital-a";
  private static final List<Fault> PATIENT_FAULTS =
      List.of(Fault.BAD_CHECK_DIGIT, Fault.ID_15_DIGIT, Fault.MISSING_MANDATORY, Fault.UNKNOWN_CODE);
  private static final List<Fault> VISIT_FAULTS = List.of(Fault.IMPOSSIBLE_VALUE);

  private HospitalAWriter() {}

  /**
   * Inserts only the prenatal visits held back as late arrivals, with their original (old) change
   * stamps. Returns how many.
   */
  static long writeLateArrivals(Population population, Connection c, double faultRate) throws SQLException {
    long written = 0;
    try (TableWriter visits = new TableWriter(c, "prenatal_visit", VISIT_COLUMNS)) {
      for (VisitRow row : visitRows(population)) {
        if (Faults.isLate(population.seed(), faultRate, row.visitNo())) {
          var v = row.visit();
          var at = v.date().atTime(18, 30).atOffset(Stamps.CHINA);
          visits.row(row.visitNo(), row.patientNo(), v.date(), v.gestationalWeek(), v.systolicMmHg(), v.diastolicMmHg(),
              v.weightKg(), v.fundalHeightCm(), v.fetalHeartRate(), "王医生", at, at);
          written++;
        }
      }
    }
    return written;
  }

  private static final String[] VISIT_COLUMNS = {
    "visit_no", "patient_no", "visit_date", "gestational_weeks", "sbp", "dbp", "weight_kg", "fundal_height_cm",
    "fetal_heart_rate", "doctor_name", "created_at", "updated_at"
  };

  /** A prenatal visit with the keys hospital A gives it. */
  private record VisitRow(String patientNo, String visitNo, Pregnancy.Visit visit) {}

  /** Every hospital A visit with its keys, numbered as {@link #write} numbers them. */
  private static List<VisitRow> visitRows(Population population) {
    List<VisitRow> rows = new ArrayList<>();
    for (HospitalPatient patient : patients(population)) {
      for (Pregnancy p : patient.pregnancies()) {
        int n = 0;
        for (Visit v : p.visits()) {
          rows.add(new VisitRow(patient.patientNo(), visitNo(patient.patientNo(), p, ++n), v));
        }
      }
    }
    return rows;
  }

  /** A woman as hospital A knows her: its patient number and the pregnancies it cared for. */
  private record HospitalPatient(String patientNo, Woman woman, List<Pregnancy> pregnancies) {}

  /** Hospital A's patients, numbered in population order: the one place patient numbers come from. */
  private static List<HospitalPatient> patients(Population population) {
    List<HospitalPatient> patients = new ArrayList<>();
    for (Woman woman : population.women()) {
      List<Pregnancy> here = woman.pregnancies().stream().filter(p -> p.hospital().equals(SOURCE)).toList();
      if (!here.isEmpty()) {
        patients.add(new HospitalPatient(patientNo(patients.size() + 1), woman, here));
      }
    }
    return patients;
  }

  private static String patientNo(int seq) {
    return String.format("A%07d", seq);
  }

  private static String bookingNo(String patientNo, Pregnancy p) {
    return patientNo + "-G" + p.gravida();
  }

  private static String visitNo(String patientNo, Pregnancy p, int n) {
    return bookingNo(patientNo, p) + "-" + String.format("%02d", n);
  }

  static void write(Population population, Connection c, Faults faults, TruthRecords truth, SplittableRandom random)
      throws SQLException {
    Stamps stamps = new Stamps(random);
    try (TableWriter patients = new TableWriter(c, "patient", "patient_no", "full_name", "id_card_no", "birth_date", "sex", "mobile", "created_at", "updated_at");
        TableWriter bookings = new TableWriter(c, "pregnancy_booking", "booking_no", "patient_no", "booking_date", "lmp", "edd", "gravida", "parity", "updated_at");
        TableWriter visits = new TableWriter(c, "prenatal_visit", VISIT_COLUMNS);
        TableWriter risks = new TableWriter(c, "risk_assessment", "assessment_no", "booking_no", "assess_date", "colour", "infectious", "factors", "updated_at");
        TableWriter labs = new TableWriter(c, "lab_result", "result_no", "patient_no", "item_code", "result_value", "unit", "report_date", "updated_at");
        TableWriter deliveries = new TableWriter(c, "delivery_record", "delivery_no", "booking_no", "patient_no", "admit_date", "discharge_date", "delivery_time", "gestational_weeks", "gestational_days", "mode", "blood_loss_ml", "complications", "updated_at");
        TableWriter newborns = new TableWriter(c, "newborn", "newborn_no", "delivery_no", "birth_order", "sex", "birth_time", "weight_g", "length_cm", "apgar_1", "apgar_5", "updated_at");
        TableWriter postpartum = new TableWriter(c, "postpartum_visit", "visit_no", "delivery_no", "visit_date", "updated_at")) {
      for (HospitalPatient patient : patients(population)) {
        String patientNo = patient.patientNo();
        List<Pregnancy> here = patient.pregnancies();
        var person = patient.woman().person();
        List<Fault> possible =
            Faults.has15DigitForm(person.residentId())
                ? PATIENT_FAULTS
                : PATIENT_FAULTS.stream().filter(f -> f != Fault.ID_15_DIGIT).toList();
        Fault fault = faults.pick(SOURCE, "patient", patientNo, possible);
        var registered = stamps.instant(here.get(0).bookingDate() != null ? here.get(0).bookingDate() : here.get(0).lmp().plusWeeks(12));
        patients.row(
            patientNo,
            fault == Fault.MISSING_MANDATORY ? "" : person.fullName(),
            Faults.residentId(person.residentId(), fault),
            person.birthDate(),
            fault == Fault.UNKNOWN_CODE ? "W" : "F",
            person.phone(),
            registered,
            registered);
        truth.person(SOURCE, "patient", patientNo, person.personId());

        for (Pregnancy p : here) {
          String bookingNo = bookingNo(patientNo, p);
          if (p.bookingDate() != null) {
            bookings.row(bookingNo, patientNo, p.bookingDate(), p.lmp(), p.edd(), p.gravida(), p.parity(), stamps.instant(p.bookingDate()));
            truth.pregnancy(SOURCE, "booking", bookingNo, person.personId(), p.pregnancyId());
          }
          int n = 0;
          for (Visit v : p.visits()) {
            String visitNo = visitNo(patientNo, p, ++n);
            truth.pregnancy(SOURCE, "prenatal-visit", visitNo, person.personId(), p.pregnancyId());
            if (faults.isLate(visitNo)) {
              // Held back: writeLateArrivals inserts it later, stamped with its old date.
              faults.record(SOURCE, "prenatal-visit", visitNo, Fault.LATE_ARRIVAL);
              continue;
            }
            Fault visitFault = faults.pick(SOURCE, "prenatal-visit", visitNo, VISIT_FAULTS);
            var at = stamps.instant(v.date());
            visits.row(
                visitNo, patientNo, v.date(),
                visitFault == Fault.IMPOSSIBLE_VALUE ? 60 : v.gestationalWeek(),
                v.systolicMmHg(), v.diastolicMmHg(), v.weightKg(), v.fundalHeightCm(), v.fetalHeartRate(),
                "王医生", at, at);
          }
          int r = 0;
          for (RiskAssessment risk : p.risks()) {
            RiskColour colour = risk.colours().get(0);
            risks.row(
                bookingNo + "-R" + (++r), bookingNo, risk.date(), colour.name().toLowerCase(Locale.ROOT),
                risk.colours().contains(RiskColour.PURPLE), String.join(";", risk.factors()), stamps.instant(risk.date()));
          }
          int l = 0;
          for (LabResult lab : p.labs()) {
            String[] code = labCode(lab);
            labs.row(bookingNo + "-L" + (++l), patientNo, code[0], lab.value(), code[1], lab.date(), stamps.instant(lab.date()));
          }
          Delivery d = p.delivery();
          if (d != null) {
            String deliveryNo = bookingNo + "-D";
            var day = d.at().toLocalDate();
            deliveries.row(
                deliveryNo, p.bookingDate() != null ? bookingNo : null, patientNo, day.minusDays(1), day.plusDays(d.mode() == Pregnancy.DeliveryMode.CAESAREAN ? 5 : 3),
                d.at(), d.gestationalWeeks(), d.gestationalDays(), d.mode() == Pregnancy.DeliveryMode.CAESAREAN ? "CS" : "SVD",
                d.bloodLossMl(), String.join(";", d.complications()), stamps.instant(day.plusDays(1)));
            truth.pregnancy(SOURCE, "delivery", deliveryNo, person.personId(), p.pregnancyId());
            for (Child child : d.babies()) {
              String newbornNo = deliveryNo + "-" + child.birthOrder();
              newborns.row(
                  newbornNo, deliveryNo, child.birthOrder(), child.person().female() ? "F" : "M", child.birthAt(),
                  child.weightGrams(), child.lengthCm(), child.apgar1(), child.apgar5(), stamps.instant(day.plusDays(1)));
              truth.person(SOURCE, "newborn", newbornNo, child.person().personId());
            }
            int pv = 0;
            for (var date : p.postpartumVisits()) {
              postpartum.row(deliveryNo + "-PP" + (++pv), deliveryNo, date, stamps.instant(date));
            }
          }
        }
      }
    }
  }

  /** Hospital A's LIS item code and unit of a lab test. */
  private static String[] labCode(LabResult lab) {
    return switch (lab.test()) {
      case HAEMOGLOBIN_G_L -> new String[] {"HGB", "g/L"};
      case FASTING_GLUCOSE_MMOL_L -> new String[] {"GLU0", "mmol/L"};
      case HIV -> new String[] {"HIV", null};
      case SYPHILIS -> new String[] {"TP", null};
      case HBSAG -> new String[] {"HBSAG", null};
      case SERUM_SCREENING -> new String[] {"SERUM", null};
    };
  }
}
