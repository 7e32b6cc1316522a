package cn.mch.mappings.hospital;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A delivery record (分娩记录) of an inpatient stay, as the hospital's SQL adapter selects it.
 *
 * @param deliveryNo the hospital's delivery number
 * @param bookingNo the booking of this pregnancy; null when the woman never booked
 * @param patientNo the mother's patient number
 * @param admitDate day of admission
 * @param dischargeDate day of discharge, may be null
 * @param deliveryTime moment of delivery
 * @param gestationalWeeks completed weeks of gestation at delivery
 * @param gestationalDays days beyond the completed weeks (0-6)
 * @param mode the local delivery-mode code, translated by the code map (field {@code delivery-mode})
 * @param bloodLossMl blood loss in ml, may be null
 * @param complications complications as free text separated by {@code ;}, may be null
 * @param updatedAt when the source last changed the row
 */
public record HospitalDeliveryRow(
    String deliveryNo,
    String bookingNo,
    String patientNo,
    LocalDate admitDate,
    LocalDate dischargeDate,
    Instant deliveryTime,
    Integer gestationalWeeks,
    Integer gestationalDays,
    String mode,
    Integer bloodLossMl,
    String complications,
    Instant updatedAt) {

  @Override
  public String toString() {
    return "HospitalDeliveryRow[updatedAt=" + updatedAt + "]";
  }
}
