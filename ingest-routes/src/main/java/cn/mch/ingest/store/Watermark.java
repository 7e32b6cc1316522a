package cn.mch.ingest.store;

import java.time.Instant;

/**
 * How far a polling route has read its source: the change stamp and key of the last row whose
 * resources were committed. The next poll reads rows strictly after ({@code updatedAt}, {@code
 * key}), so rows sharing a stamp are neither skipped nor read twice.
 */
public record Watermark(Instant updatedAt, String key) {

  /** Before every row. */
  public static final Watermark START = new Watermark(Instant.parse("1900-01-01T00:00:00Z"), "");

  /** The later of the two. */
  public Watermark max(Watermark other) {
    int byTime = updatedAt.compareTo(other.updatedAt);
    if (byTime != 0) {
      return byTime > 0 ? this : other;
    }
    return key.compareTo(other.key) >= 0 ? this : other;
  }
}
