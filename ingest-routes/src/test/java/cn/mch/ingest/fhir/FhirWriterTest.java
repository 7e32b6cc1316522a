package cn.mch.ingest.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.SourceKey;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class FhirWriterTest {

  @Test
  void refusalsForTheDataArePermanent() {
    assertTrue(FhirWriter.isPermanent(400));
    assertTrue(FhirWriter.isPermanent(412));
    assertTrue(FhirWriter.isPermanent(422));
  }

  @Test
  void timeoutsConflictsRateLimitsAndServerErrorsAreRetried() {
    assertFalse(FhirWriter.isPermanent(408));
    assertFalse(FhirWriter.isPermanent(409)); // two writers created the same resource at once
    assertFalse(FhirWriter.isPermanent(429));
    assertFalse(FhirWriter.isPermanent(500));
    assertFalse(FhirWriter.isPermanent(503));
  }

  @Test
  void batchesAreSplitIntoTransactionsOfWholeRecordsBelowTheEntryLimit() {
    List<MappedRecord> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      List<Resource> resources = new ArrayList<>();
      for (int r = 0; r < 9; r++) {
        resources.add(new Observation().setId("o" + i + "-" + r));
      }
      records.add(new MappedRecord(new SourceKey("s", "e", "k" + i), resources));
    }

    var chunks = FhirWriter.chunks(records);

    assertEquals(100, chunks.stream().mapToInt(List::size).sum());
    assertEquals(records, chunks.stream().flatMap(List::stream).toList());
    for (var chunk : chunks) {
      assertTrue(chunk.stream().mapToInt(r -> r.resources().size()).sum() <= FhirWriter.MAX_ENTRIES);
    }
    assertEquals(3, chunks.size());
  }
}
