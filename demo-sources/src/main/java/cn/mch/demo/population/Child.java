package cn.mch.demo.population;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A child born in the synthetic world, with what happens to it up to the reference date.
 *
 * @param person the child; its resident ID is null until household registration
 * @param householdRegistered date the resident ID was issued, null if not yet
 * @param birthAt date and time of birth
 * @param birthOrder 1, or 2 for the second twin
 * @param weightGrams birth weight
 * @param lengthCm birth length
 * @param apgar1 Apgar score at 1 minute
 * @param apgar5 Apgar score at 5 minutes
 * @param certificateNumber birth medical certificate number (出生医学证明编号)
 * @param certificateIssued issue date of the certificate
 * @param screening newborn screening, null when not screened
 * @param checkUps child health check-ups in date order
 */
public record Child(
    Person person,
    LocalDate householdRegistered,
    LocalDateTime birthAt,
    int birthOrder,
    int weightGrams,
    int lengthCm,
    int apgar1,
    int apgar5,
    String certificateNumber,
    LocalDate certificateIssued,
    Screening screening,
    List<CheckUp> checkUps) {

  /** Newborn screening results: {@code normal}/{@code abnormal}, {@code pass}/{@code refer}. */
  public record Screening(
      LocalDate date, String pku, String hypothyroidism, String hearingLeft, String hearingRight, String cchd) {}

  /** A check-up at about {@code ageMonths}. */
  public record CheckUp(
      LocalDate date,
      int ageMonths,
      double heightCm,
      double weightKg,
      Double headCircumferenceCm,
      String vision,
      String development) {}
}
