package cn.mch.ingest.push;

import cn.mch.ingest.Batch;
import cn.mch.ingest.Rejected;
import cn.mch.mappings.SourceKey;
import java.util.function.Function;
import cn.mch.ingest.fhir.FhirWriter;
import cn.mch.ingest.store.DeadLetters;
import cn.mch.ingest.store.QualityIssues;

/**
 * Where a push channel's records go, in the order that makes an acknowledgement safe: the mapped
 * records are written to the FHIR server (committed), then the dead letters of the rejected ones
 * and the data-quality issues are recorded. Only after this returns may a channel acknowledge or
 * move its input. A transient failure throws and records nothing.
 */
public final class RecordSink {

  private final FhirWriter writer;
  private final DeadLetters deadLetters;
  private final QualityIssues qualityIssues;

  public RecordSink(FhirWriter writer, DeadLetters deadLetters, QualityIssues qualityIssues) {
    this.writer = writer;
    this.deadLetters = deadLetters;
    this.qualityIssues = qualityIssues;
  }

  /** Writes and records {@code batch}; returns it with the records the FHIR server refused moved to rejected. */
  public Batch deliver(String routeId, Batch batch) {
    return deliver(routeId, batch, key -> null);
  }

  /**
   * As {@link #deliver(String, Batch)}; a record the FHIR server refuses is dead-lettered with the
   * input it came from, {@code payloads} of its key.
   */
  public Batch deliver(String routeId, Batch batch, Function<SourceKey, Rejected.Payload> payloads) {
    Batch written = writer.write(batch);
    if (written.rejected().stream().anyMatch(r -> r.payload() == null)) {
      written = new Batch(written.rowsRead(), written.mapped(),
          written.rejected().stream()
              .map(r -> r.payload() != null ? r : new Rejected(r.key(), r.reason(), r.message(), payloads.apply(r.key())))
              .toList(),
          written.next());
    }
    deadLetters.record(routeId, written.rejected());
    deadLetters.resolve(written.mapped());
    qualityIssues.record(written.mapped());
    return written;
  }
}
