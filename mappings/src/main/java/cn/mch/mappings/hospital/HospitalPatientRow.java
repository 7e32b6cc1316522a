package cn.mch.mappings.hospital;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A hospital's patient master record, as the hospital's SQL adapter selects it.
 *
 * @param patientNo the hospital's patient number (门诊号/住院号)
 * @param fullName full name in one field, as Chinese systems store it
 * @param residentId resident identity number (GB 11643), may be null for foreigners
 * @param birthDate date of birth
 * @param sex the hospital's local sex code, translated by its code map (field {@code sex})
 * @param phone mobile phone number, may be null
 * @param updatedAt when the source last changed the row (the watermark column)
 */
public record HospitalPatientRow(
    String patientNo,
    String fullName,
    String residentId,
    LocalDate birthDate,
    String sex,
    String phone,
    Instant updatedAt) {

  /** Holds no personal data, so a row in a log or an exception message reveals nothing. */
  @Override
  public String toString() {
    return "HospitalPatientRow[updatedAt=" + updatedAt + "]";
  }
}
