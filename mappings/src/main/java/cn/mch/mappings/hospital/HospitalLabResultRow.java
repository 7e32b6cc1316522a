package cn.mch.mappings.hospital;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One laboratory result (检验结果), as the hospital's SQL adapter selects it.
 *
 * @param resultNo the hospital's key of the result
 * @param patientNo the patient number
 * @param itemCode the local test code, translated by the code map (field {@code lab-item})
 * @param resultValue a number, or a local qualitative result (field {@code lab-result})
 * @param unit the unit of a numeric result as the source writes it (UCUM in our sources)
 * @param reportDate day of the report
 * @param updatedAt when the source last changed the row
 */
public record HospitalLabResultRow(
    String resultNo,
    String patientNo,
    String itemCode,
    String resultValue,
    String unit,
    LocalDate reportDate,
    Instant updatedAt) {

  /** Infectious-disease results are sensitive: nothing of the row but its stamp is printed. */
  @Override
  public String toString() {
    return "HospitalLabResultRow[updatedAt=" + updatedAt + "]";
  }
}
