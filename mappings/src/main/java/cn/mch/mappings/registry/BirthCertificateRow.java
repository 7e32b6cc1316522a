package cn.mch.mappings.registry;

import java.time.Instant;
import java.time.LocalDate;

/** A birth medical certificate (出生医学证明) of the birth registry. */
public record BirthCertificateRow(
    String certNo, String childName, String sex, Instant birthTime, String birthPlace, Integer gestationalWeeks,
    Integer weightG, Integer lengthCm, String motherName, String motherIdNo, String motherNationality,
    String motherEthnicity, String fatherName, String fatherIdNo, String fatherNationality,
    String fatherEthnicity, String issuer, LocalDate issueDate, Instant updatedAt) {

  @Override
  public String toString() {
    return "BirthCertificateRow[updatedAt=" + updatedAt + "]";
  }
}
