package cn.mch.mappings.hospital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.mch.mappings.GoldenFiles;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HospitalPatientMappingTest {

  private final HospitalPatientMapping mapping =
      new HospitalPatientMapping(new HospitalSource("hospital-a", "市妇幼保健院"), GoldenFiles.IDS);

  private static HospitalPatientRow patient(String residentId, LocalDate birthDate, String sex) {
    return new HospitalPatientRow("P1", "张丽", residentId, birthDate, sex, null, Instant.EPOCH);
  }

  @Test
  void rejectsResidentIdWithWrongCheckCharacter() {
    MappingException e =
        assertThrows(
            MappingException.class,
            () -> mapping.map(patient("310104199203150021", LocalDate.of(1992, 3, 15), "F")));
    assertEquals(RejectReason.RESIDENT_ID_INVALID, e.reason());
  }

  @Test
  void rejectsResidentIdWhoseSexDisagreesWithTheRecord() {
    MappingException e =
        assertThrows(
            MappingException.class,
            () -> mapping.map(patient("310104199203150020", LocalDate.of(1992, 3, 15), "M")));
    assertEquals(RejectReason.RESIDENT_ID_INCONSISTENT, e.reason());
  }

  @Test
  void rejectsSexCodeTheCodeMapDoesNotKnow() {
    MappingException e =
        assertThrows(MappingException.class, () -> mapping.map(patient(null, null, "W")));
    assertEquals(RejectReason.UNKNOWN_CODE, e.reason());
  }

  @Test
  void keepsPatientWithoutResidentIdByHospitalNumber() {
    var resource = mapping.patient(patient(null, null, "F"));
    assertEquals(1, resource.getIdentifier().size());
    assertEquals("P1", resource.getIdentifierFirstRep().getValue());
  }

  @Test
  void rowPrintsNoPersonalData() {
    String printed = patient("310104199203150020", LocalDate.of(1992, 3, 15), "F").toString();
    assertFalse(printed.contains("3101"), printed);
    assertFalse(printed.contains("张"), printed);
    assertFalse(printed.contains("P1"), printed);
  }
}
