package cn.mch.mappings.hospital;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One pregnancy risk assessment (妊娠风险评估), as the hospital's SQL adapter selects it.
 *
 * @param assessmentNo the hospital's key of the assessment row
 * @param bookingNo the booking (pregnancy) assessed
 * @param patientNo the pregnant woman's patient number (the adapter joins it)
 * @param assessDate day of the assessment
 * @param colour the local colour code, translated by the code map (field {@code risk-colour})
 * @param infectious whether purple (an infectious disease) stands beside the colour
 * @param factors risk factors as free text, separated by {@code ;} (the adapter normalises)
 * @param updatedAt when the source last changed the row
 */
public record HospitalRiskAssessmentRow(
    String assessmentNo,
    String bookingNo,
    String patientNo,
    LocalDate assessDate,
    String colour,
    Boolean infectious,
    String factors,
    Instant updatedAt) {

  @Override
  public String toString() {
    return "HospitalRiskAssessmentRow[updatedAt=" + updatedAt + "]";
  }
}
