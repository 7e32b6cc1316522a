package cn.mch.mappings.registry;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A child in the community child-health system (儿童保健档案).
 *
 * @param childId the system's child number
 * @param name the child's name, may be null before it is given
 * @param sex local sex code (code map field {@code sex})
 * @param birthDate date of birth
 * @param residentId the child's resident ID once registered in a household, else null
 * @param birthCertNo birth medical certificate number
 * @param motherName the mother's name
 * @param motherIdNo the mother's resident ID
 * @param updatedAt when the source last changed the row
 */
public record ChildRow(
    String childId, String name, String sex, LocalDate birthDate, String residentId, String birthCertNo,
    String motherName, String motherIdNo, Instant updatedAt) {

  @Override
  public String toString() {
    return "ChildRow[updatedAt=" + updatedAt + "]";
  }
}
