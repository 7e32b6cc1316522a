package cn.mch.mappings;

import java.math.BigDecimal;

/**
 * The checks a mapping makes before it writes anything. Each failure is a {@link MappingException}
 * with a stable reason; messages name the field, never its value (values may be personal data).
 */
public final class Rules {

  private Rules() {}

  public static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new MappingException(RejectReason.MISSING_MANDATORY_FIELD, what + " is empty");
    }
    return value;
  }

  public static <T> T require(T value, String what) {
    if (value == null) {
      throw new MappingException(RejectReason.MISSING_MANDATORY_FIELD, what + " is empty");
    }
    return value;
  }

  /** {@code value} within {@code [min, max]}; null passes (optional fields). */
  public static void requireRange(Number value, double min, double max, String what) {
    if (value == null) {
      return;
    }
    double v = value instanceof BigDecimal d ? d.doubleValue() : value.doubleValue();
    if (v < min || v > max) {
      throw new MappingException(RejectReason.VALUE_OUT_OF_RANGE, what + " is outside " + min + ".." + max);
    }
  }
}
