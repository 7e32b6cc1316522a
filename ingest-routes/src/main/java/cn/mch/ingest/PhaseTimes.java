package cn.mch.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the polling routes spend their time: reading the source (watermark and SQL adapter),
 * mapping (binding rows and mapping them to FHIR), writing to the FHIR server, and committing
 * (dead letters, quality issues, watermark). Summed over every route and thread, so the phases
 * add up to more than the wall-clock time when routes run side by side; their shares are what
 * tells where the pipeline waits. Also the time of the last batch that read rows, so a benchmark
 * can say when a backfill ended.
 */
public final class PhaseTimes {

  /** The steps of a poll, in order. */
  public enum Phase {
    READ,
    MAP,
    WRITE,
    COMMIT
  }

  private final Map<Phase, LongAdder> nanos = new LinkedHashMap<>();
  private final LongAdder rows = new LongAdder();
  private final LongAdder resources = new LongAdder();
  private final AtomicLong lastRowsCommittedAt = new AtomicLong();
  private final LongAdder failedWrites = new LongAdder();
  private final LongAdder conflicts = new LongAdder();
  private final LongAdder resourcesInFailedWrites = new LongAdder();

  public PhaseTimes() {
    for (Phase phase : Phase.values()) {
      nanos.put(phase, new LongAdder());
    }
  }

  void add(Phase phase, long elapsedNanos) {
    nanos.get(phase).add(elapsedNanos);
  }

  void committed(int rowsRead, int resourcesWritten) {
    if (rowsRead > 0) {
      rows.add(rowsRead);
      resources.add(resourcesWritten);
      lastRowsCommittedAt.set(System.nanoTime());
    }
  }

  /**
   * A batch's write failed for a reason that passes (HTTP 409, 5xx, no answer): it is retried whole.
   *
   * @param status the server's HTTP status, 0 when it gave none
   */
  void failedWrite(int resources, int status) {
    failedWrites.increment();
    resourcesInFailedWrites.add(resources);
    if (status == 409) {
      conflicts.increment();
    }
  }

  /** Of the failed writes, those the server refused with HTTP 409 (two transactions wrote the same resource at once). */
  public long conflicts() {
    return conflicts.sum();
  }

  /** Batch writes that failed and were retried (each retry of a batch counts). */
  public long failedWrites() {
    return failedWrites.sum();
  }

  /** Resources in those batches: what the retries send again. */
  public long resourcesInFailedWrites() {
    return resourcesInFailedWrites.sum();
  }

  /** Milliseconds spent in each phase, summed over routes. */
  public Map<Phase, Long> millis() {
    Map<Phase, Long> millis = new LinkedHashMap<>();
    nanos.forEach((phase, sum) -> millis.put(phase, sum.sum() / 1_000_000));
    return millis;
  }

  /** Source rows read by batches that committed. */
  public long rows() {
    return rows.sum();
  }

  /** Resources in the transactions those batches wrote (written or unchanged). */
  public long resources() {
    return resources.sum();
  }

  /** {@link System#nanoTime()} of the last commit of a batch with rows, 0 before the first. */
  public long lastRowsCommittedAt() {
    return lastRowsCommittedAt.get();
  }

  /** Starts over (e.g. before a second pass). */
  public void reset() {
    nanos.values().forEach(LongAdder::reset);
    rows.reset();
    resources.reset();
    lastRowsCommittedAt.set(0);
    failedWrites.reset();
    conflicts.reset();
    resourcesInFailedWrites.reset();
  }
}
