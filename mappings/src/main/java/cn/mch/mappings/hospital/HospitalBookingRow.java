package cn.mch.mappings.hospital;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A pregnancy booking (孕产妇建册), as the hospital's SQL adapter selects it.
 *
 * @param bookingNo the hospital's booking number
 * @param patientNo the pregnant woman's patient number
 * @param bookingDate day of booking
 * @param lmp last menstrual period (末次月经), may be null
 * @param edd expected date of delivery (预产期), may be null
 * @param gravida pregnancies including this one (孕次)
 * @param parity previous births (产次)
 * @param deliveryDate day of the delivery of this pregnancy when known (the adapter joins it), so
 *     the episode of care can end 42 days after it
 * @param updatedAt latest change of the booking or its delivery in the source (the watermark)
 */
public record HospitalBookingRow(
    String bookingNo,
    String patientNo,
    LocalDate bookingDate,
    LocalDate lmp,
    LocalDate edd,
    Integer gravida,
    Integer parity,
    LocalDate deliveryDate,
    Instant updatedAt) {

  @Override
  public String toString() {
    return "HospitalBookingRow[updatedAt=" + updatedAt + "]";
  }
}
