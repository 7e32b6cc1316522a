package cn.mch.ingest.fhir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
