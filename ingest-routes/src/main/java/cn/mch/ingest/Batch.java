package cn.mch.ingest;

import cn.mch.ingest.store.Watermark;
import cn.mch.mappings.MappedRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One poll's worth of source records on its way through a route: what mapped, what was rejected,
 * and the watermark to commit once the mapped resources are written.
 *
 * @param rowsRead how many rows the source returned
 * @param mapped records to write to the FHIR server
 * @param rejected records that go to the dead-letter table
 * @param next watermark after the last row read
 */
public record Batch(int rowsRead, List<MappedRecord> mapped, List<Rejected> rejected, Watermark next) {

  public Batch {
    mapped = List.copyOf(mapped);
    rejected = List.copyOf(rejected);
  }

  /** The resources of the mapped records (a record's source Organization counted with each). */
  public int resources() {
    return mapped.stream().mapToInt(r -> r.resources().size()).sum();
  }

  /** This batch with {@code failed} moved from the written records to the rejected ones. */
  public Batch withFhirRejections(List<MappedRecord> stillWritten, List<Rejected> failed) {
    List<Rejected> all = new ArrayList<>(rejected);
    all.addAll(failed);
    return new Batch(rowsRead, stillWritten, all, next);
  }
}
