package cn.mch.mappings.registry;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Newborn screening of one child (新生儿疾病筛查 and hearing screening); results are local codes
 * (code map field {@code screening-result}), null when not screened.
 */
public record NewbornScreeningRow(
    String screeningId, String childId, LocalDate screeningDate, String pku, String hypothyroidism,
    String hearingLeft, String hearingRight, String cchd, Instant updatedAt) {

  @Override
  public String toString() {
    return "NewbornScreeningRow[updatedAt=" + updatedAt + "]";
  }
}
