package cn.mch.mappings.hospital;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A postpartum home visit (产后访视), as the hospital's SQL adapter selects it.
 *
 * @param visitNo the hospital's key of the visit
 * @param deliveryNo the delivery followed up
 * @param patientNo the mother's patient number (the adapter joins it)
 * @param bookingNo the booking of the pregnancy, null when the woman never booked (joined)
 * @param visitDate day of the visit
 * @param updatedAt when the source last changed the row
 */
public record HospitalPostpartumVisitRow(
    String visitNo,
    String deliveryNo,
    String patientNo,
    String bookingNo,
    LocalDate visitDate,
    Instant updatedAt) {

  @Override
  public String toString() {
    return "HospitalPostpartumVisitRow[updatedAt=" + updatedAt + "]";
  }
}
