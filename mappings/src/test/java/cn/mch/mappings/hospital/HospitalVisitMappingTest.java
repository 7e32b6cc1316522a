package cn.mch.mappings.hospital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.mch.mappings.GoldenFiles;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.Validation;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.junit.jupiter.api.Test;

class HospitalVisitMappingTest {

  private static final HospitalSource HOSPITAL = new HospitalSource("hospital-a", "市妇幼保健院");
  private final HospitalVisitMapping mapping = new HospitalVisitMapping(HOSPITAL, GoldenFiles.IDS);
  private static final Instant ADMITTED = Instant.parse("2024-03-01T01:00:00Z");

  @Test
  void anAdmissionIsAnInpatientEncounterOfThePatientFinishedOnceDischarged() {
    MappedRecord record = mapping.map(new HospitalVisitRow("V1", "P1", "I", ADMITTED, ADMITTED.plusSeconds(86_400 * 3), Instant.EPOCH));
    Encounter encounter = (Encounter) record.resources().get(0);

    assertEquals("IMP", encounter.getClass_().getCode());
    assertEquals(EncounterStatus.FINISHED, encounter.getStatus());
    assertEquals(new HospitalReferences(HOSPITAL, GoldenFiles.IDS).patient("P1").getReference(),
        encounter.getSubject().getReference());
    for (var resource : record.resources()) {
      assertEquals(List.of(), Validation.errors(resource), resource.fhirType());
    }
  }

  @Test
  void anOpenOutpatientVisitIsInProgress() {
    Encounter encounter = (Encounter) mapping.map(new HospitalVisitRow("V2", "P1", "O", ADMITTED, null, Instant.EPOCH)).resources().get(0);
    assertEquals("AMB", encounter.getClass_().getCode());
    assertEquals(EncounterStatus.INPROGRESS, encounter.getStatus());
  }

  @Test
  void impossibleOrUnknownVisitsAreRejectedWithTheirReason() {
    assertEquals(RejectReason.VALUE_OUT_OF_RANGE, assertThrows(MappingException.class,
        () -> mapping.map(new HospitalVisitRow("V3", "P1", "O", ADMITTED, ADMITTED.minusSeconds(60), Instant.EPOCH))).reason());
    assertEquals(RejectReason.UNKNOWN_CODE, assertThrows(MappingException.class,
        () -> mapping.map(new HospitalVisitRow("V4", "P1", "X", ADMITTED, null, Instant.EPOCH))).reason());
    assertEquals(RejectReason.MISSING_MANDATORY_FIELD, assertThrows(MappingException.class,
        () -> mapping.map(new HospitalVisitRow("V5", "P1", "O", null, null, Instant.EPOCH))).reason());
  }
}
