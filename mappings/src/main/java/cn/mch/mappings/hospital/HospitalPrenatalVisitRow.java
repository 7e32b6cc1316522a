package cn.mch.mappings.hospital;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A prenatal visit (产前检查) as the hospital's SQL adapter selects it.
 *
 * @param visitNo the hospital's visit number
 * @param patientNo the patient number of the pregnant woman
 * @param bookingNo the booking of the pregnancy the visit belongs to, null when not booked (the
 *     adapter finds it)
 * @param visitDate day of the visit
 * @param gestationalWeeks completed weeks of gestation at the visit
 * @param systolicMmHg systolic blood pressure, mm[Hg]; null when not measured
 * @param diastolicMmHg diastolic blood pressure, mm[Hg]; null when not measured
 * @param weightKg body weight, kg; null when not measured
 * @param fundalHeightCm fundal height (宫底高度), cm; null when not measured
 * @param fetalHeartRate fetal heart rate (胎心率), beats per minute; null when not measured
 * @param updatedAt when the source last changed the row (the watermark column)
 */
public record HospitalPrenatalVisitRow(
    String visitNo,
    String patientNo,
    String bookingNo,
    LocalDate visitDate,
    Integer gestationalWeeks,
    Integer systolicMmHg,
    Integer diastolicMmHg,
    BigDecimal weightKg,
    BigDecimal fundalHeightCm,
    Integer fetalHeartRate,
    Instant updatedAt) {

  /** Holds no personal data, so a row in a log or an exception message reveals nothing. */
  @Override
  public String toString() {
    return "HospitalPrenatalVisitRow[updatedAt=" + updatedAt + "]";
  }
}
