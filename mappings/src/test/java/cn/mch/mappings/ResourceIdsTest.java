package cn.mch.mappings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResourceIdsTest {

  private static final SourceKey PATIENT = new SourceKey("hospital-a", "patient", "310104199203150020");

  private static ResourceIds ids(String secret) {
    return new ResourceIds(secret.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sameKeyAndSecretGiveTheSameId() {
    assertEquals(
        ids("secret-one-0123456789").id(PATIENT, "Patient"),
        ids("secret-one-0123456789").id(PATIENT, "Patient"));
  }

  @Test
  void anotherSecretGivesAnotherId() {
    assertNotEquals(
        ids("secret-one-0123456789").id(PATIENT, "Patient"),
        ids("secret-two-0123456789").id(PATIENT, "Patient"));
  }

  @Test
  void typeAndPartTellResourcesOfOneRecordApart() {
    ResourceIds ids = ids("secret-one-0123456789");
    assertNotEquals(ids.id(PATIENT, "Patient"), ids.id(PATIENT, "Encounter"));
    assertNotEquals(
        ids.id(PATIENT, "Observation", "blood-pressure"), ids.id(PATIENT, "Observation", "body-weight"));
  }

  @Test
  void idIsAValidFhirIdThatHidesTheKey() {
    String id = ids("secret-one-0123456789").id(PATIENT, "Patient");
    assertTrue(id.matches("[a-z2-7]{26}"), id);
    assertFalse(id.matches("\\d+"), "HAPI refuses purely numeric client ids");
    assertFalse(id.contains("3101"), "no digits run of the source key");
  }

  @Test
  void refusesAShortSecret() {
    assertThrows(IllegalArgumentException.class, () -> ids("short"));
  }

  @Test
  void sourceKeyPrintsNoLocalId() {
    assertEquals("hospital-a/patient", PATIENT.toString());
  }
}
