package cn.mch.ingest;

import java.time.ZoneId;

/**
 * How polling routes poll.
 *
 * @param initialDelayMs wait after start before the first poll
 * @param pollPeriodMs wait between polls once a source is caught up
 * @param batchSize rows per poll, and so records per FHIR transaction
 * @param sourceZone time zone of sources' timestamps without time zone
 * @param sweepEveryMs how often each route sweeps its source for rows committed late, with a change
 *     stamp the watermark had already passed; 0 = never
 */
public record PollingSettings(long initialDelayMs, long pollPeriodMs, int batchSize, ZoneId sourceZone, long sweepEveryMs) {

  public PollingSettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
  }
}
