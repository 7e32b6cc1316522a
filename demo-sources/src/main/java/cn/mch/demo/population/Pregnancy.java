package cn.mch.demo.population;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One pregnancy, from last menstrual period to 42 days postpartum, as it truly happened.
 *
 * @param pregnancyId the truth's id
 * @param hospital code of the hospital that cared for it ({@code hospital-a}, {@code hospital-b})
 * @param gravida pregnancies including this one
 * @param parity deliveries before this one
 * @param lmp last menstrual period
 * @param bookingDate date of booking (建册); null when never booked
 * @param visits prenatal visits in date order
 * @param risks risk assessments in date order
 * @param labs laboratory results in date order
 * @param delivery the delivery; null while the pregnancy is ongoing at the reference date
 * @param postpartumVisits postpartum visits (产后访视) in date order
 */
public record Pregnancy(
    String pregnancyId,
    String hospital,
    int gravida,
    int parity,
    LocalDate lmp,
    LocalDate bookingDate,
    List<Visit> visits,
    List<RiskAssessment> risks,
    List<LabResult> labs,
    Delivery delivery,
    List<LocalDate> postpartumVisits) {

  /** Expected date of delivery by Naegele's rule: LMP + 280 days. */
  public LocalDate edd() {
    return lmp.plusDays(280);
  }

  /** Completed weeks of gestation on {@code date}. */
  public int gestationalWeekOn(LocalDate date) {
    return (int) (java.time.temporal.ChronoUnit.DAYS.between(lmp, date) / 7);
  }

  /** A prenatal visit; measurements are null when not taken. */
  public record Visit(
      LocalDate date,
      int gestationalWeek,
      Integer systolicMmHg,
      Integer diastolicMmHg,
      BigDecimal weightKg,
      BigDecimal fundalHeightCm,
      Integer fetalHeartRate) {}

  /** A risk assessment: its colours (purple may stand beside another) and factors. */
  public record RiskAssessment(LocalDate date, List<RiskColour> colours, List<String> factors) {}

  /** A laboratory result; {@code value} is numeric for quantities, a code for qualitative tests. */
  public record LabResult(LocalDate date, LabTest test, String value) {}

  /** The laboratory tests of prenatal care. */
  public enum LabTest {
    HAEMOGLOBIN_G_L,
    FASTING_GLUCOSE_MMOL_L,
    HIV,
    SYPHILIS,
    HBSAG,
    SERUM_SCREENING
  }

  /** The delivery and the babies born of it (twins sometimes). */
  public record Delivery(
      LocalDateTime at,
      int gestationalWeeks,
      int gestationalDays,
      DeliveryMode mode,
      int bloodLossMl,
      List<String> complications,
      List<Child> babies) {}

  /** Mode of delivery. */
  public enum DeliveryMode {
    VAGINAL,
    CAESAREAN
  }
}
