package cn.mch.mappings.registry;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A premarital medical examination (婚前医学检查) of one person; the result is a local code (code
 * map field {@code premarital-exam-result}).
 */
public record PremaritalExamRow(
    String examNo, String institution, LocalDate examDate, String personName, String idNo, String sex,
    String result, Instant updatedAt) {

  @Override
  public String toString() {
    return "PremaritalExamRow[updatedAt=" + updatedAt + "]";
  }
}
