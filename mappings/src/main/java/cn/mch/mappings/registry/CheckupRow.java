package cn.mch.mappings.registry;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A child health check-up 0-6 years (儿童健康检查); vision and development are local codes (code
 * map field {@code screening-result}), null when not examined.
 */
public record CheckupRow(
    String checkupId, String childId, LocalDate checkupDate, Integer ageMonths, BigDecimal heightCm,
    BigDecimal weightKg, BigDecimal headCircCm, String vision, String development, Instant updatedAt) {

  @Override
  public String toString() {
    return "CheckupRow[updatedAt=" + updatedAt + "]";
  }
}
