package cn.mch.mappings.hospital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.mch.mappings.GoldenFiles;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

class HospitalPrenatalVisitMappingTest {

  private static final HospitalSource HOSPITAL = new HospitalSource("hospital-a", "市妇幼保健院");
  private final HospitalPrenatalVisitMapping mapping =
      new HospitalPrenatalVisitMapping(HOSPITAL, GoldenFiles.IDS);

  private static HospitalPrenatalVisitRow visit(Integer systolic, Integer diastolic, BigDecimal kg) {
    return new HospitalPrenatalVisitRow(
        "V1", "P1", "B1", LocalDate.of(2024, 3, 1), 20, systolic, diastolic, kg, null, null, Instant.EPOCH);
  }

  @Test
  void observationsReferToTheVisitsEncounterAndPatient() {
    HospitalPrenatalVisitRow row = visit(120, 80, new BigDecimal("60.5"));
    Encounter encounter = mapping.encounter(row);
    Observation bp = mapping.bloodPressure(row).orElseThrow();

    // Observation.encounter and Observation.subject
    assertEquals("Encounter/" + encounter.getIdElement().getIdPart(), bp.getEncounter().getReference());
    assertEquals(encounter.getSubject().getReference(), bp.getSubject().getReference());
  }

  @Test
  void patientReferenceIsThePatientMappingsId() {
    HospitalPatientMapping patients = new HospitalPatientMapping(HOSPITAL, GoldenFiles.IDS);
    HospitalPatientRow patientRow =
        new HospitalPatientRow("P1", "张丽", null, null, "F", null, Instant.EPOCH);

    assertEquals(
        "Patient/" + patients.patient(patientRow).getIdElement().getIdPart(),
        mapping.encounter(visit(null, null, null)).getSubject().getReference());
  }

  @Test
  void rejectsBloodPressureWithOnlyOneValue() {
    MappingException e =
        assertThrows(MappingException.class, () -> mapping.map(visit(120, null, null)));
    assertEquals(RejectReason.MISSING_MANDATORY_FIELD, e.reason());
  }

  @Test
  void rejectsImpossibleSystolicPressure() {
    MappingException e = assertThrows(MappingException.class, () -> mapping.map(visit(900, 80, null)));
    assertEquals(RejectReason.VALUE_OUT_OF_RANGE, e.reason());
  }

  @Test
  void rejectsVisitWithoutDate() {
    HospitalPrenatalVisitRow row =
        new HospitalPrenatalVisitRow("V1", "P1", "B1", null, 20, 120, 80, null, null, null, Instant.EPOCH);
    assertEquals(
        RejectReason.MISSING_MANDATORY_FIELD,
        assertThrows(MappingException.class, () -> mapping.map(row)).reason());
  }
}
