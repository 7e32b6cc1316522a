package cn.mch.mappings.registry;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A marriage or divorce registration of the civil-affairs registry (婚姻登记).
 *
 * @param regType 结婚 (marriage) or 离婚 (divorce)
 */
public record MarriageRegistrationRow(
    String regNo, String regType, LocalDate regDate, String office, String maleName, String maleIdNo,
    String femaleName, String femaleIdNo, Instant updatedAt) {

  @Override
  public String toString() {
    return "MarriageRegistrationRow[updatedAt=" + updatedAt + "]";
  }
}
