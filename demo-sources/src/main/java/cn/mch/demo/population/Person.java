package cn.mch.demo.population;

import java.time.LocalDate;

/**
 * A real person of the synthetic world, as the truth: what every source records of her or him,
 * before any source makes a mistake.
 *
 * @param personId the truth's own id (never shown to the platform), e.g. {@code W000001}
 * @param fullName full name as one field
 * @param female sex
 * @param birthDate date of birth
 * @param divisionCode administrative division of household registration (first 6 ID digits)
 * @param residentId GB 11643 number; null for a child not yet registered in a household
 * @param phone mobile number, null for children
 */
public record Person(
    String personId,
    String fullName,
    boolean female,
    LocalDate birthDate,
    String divisionCode,
    String residentId,
    String phone) {

  /** Province code, e.g. 31 (Shanghai), 32 (Jiangsu). */
  public String provinceCode() {
    return divisionCode.substring(0, 2);
  }

  /** Holds no personal data. */
  @Override
  public String toString() {
    return "Person[" + personId + "]";
  }
}
