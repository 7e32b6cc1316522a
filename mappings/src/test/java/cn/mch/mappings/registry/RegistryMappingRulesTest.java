package cn.mch.mappings.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.GoldenFiles;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import java.time.Instant;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;

class RegistryMappingRulesTest {

  private static final String WIFE = "330106199005060020";
  private static final String HUSBAND = "320102198801010014";
  private final MarriageRegistryMapping marriages =
      new MarriageRegistryMapping(new RegistrySource(RegistrySource.MARRIAGE_REGISTRY, "婚姻登记"), GoldenFiles.IDS);
  private final ChildHealthMapping childHealth =
      new ChildHealthMapping(new RegistrySource(RegistrySource.CHILD_HEALTH, "儿保"), GoldenFiles.IDS);

  private static MarriageRegistrationRow registration(String no, String type, String maleId, String femaleId) {
    return new MarriageRegistrationRow(no, type, LocalDate.of(2019, 10, 1), "登记处", "李明", maleId, "欧阳丽娜", femaleId, Instant.EPOCH);
  }

  @Test
  void eachSpouseIsTheOthersRelatedPersonPointingToTheOthersPatient() {
    MappedRecord mapped = marriages.mapRegistration(registration("J1", "结婚", HUSBAND, WIFE));

    Patient wife = (Patient) mapped.resources().get(0);
    Patient husband = (Patient) mapped.resources().get(1);
    RelatedPerson husbandOfWife = (RelatedPerson) mapped.resources().get(2);
    assertEquals("Patient/" + wife.getIdElement().getIdPart(), husbandOfWife.getPatient().getReference());
    assertEquals("Patient/" + husband.getIdElement().getIdPart(),
        ((org.hl7.fhir.r4.model.Reference) husbandOfWife.getExtensionByUrl(FhirSystems.MCH_RELATED_PATIENT).getValue()).getReference());
    assertEquals("HUSB", husbandOfWife.getRelationshipFirstRep().getCodingFirstRep().getCode());
    assertTrue(husbandOfWife.getActive());
  }

  @Test
  void aDivorceEndsTheRelationUnderItsOwnKey() {
    MappedRecord divorce = marriages.mapRegistration(registration("L1", "离婚", HUSBAND, WIFE));

    assertEquals(MarriageRegistryMapping.DIVORCE, divorce.key().entity());
    RelatedPerson ended = (RelatedPerson) divorce.resources().get(2);
    assertFalse(ended.getActive());
    assertEquals("2019-10-01", ended.getPeriod().getEndElement().getValueAsString());
  }

  @Test
  void spousesIdsMustMatchTheirRoleAndTheTypeMustBeKnown() {
    assertEquals(RejectReason.RESIDENT_ID_INCONSISTENT,
        assertThrows(MappingException.class, () -> marriages.mapRegistration(registration("J2", "结婚", WIFE, HUSBAND))).reason());
    assertEquals(RejectReason.UNKNOWN_CODE,
        assertThrows(MappingException.class, () -> marriages.mapRegistration(registration("J3", "复婚", HUSBAND, WIFE))).reason());
  }

  @Test
  void aChildsResidentIdMustAgreeWithItsBirthDate() {
    ChildRow child = new ChildRow("CH1", "李思雨", "F", LocalDate.of(2024, 8, 13), "330106202408120045", null, "欧阳丽娜", WIFE, Instant.EPOCH);

    assertEquals(RejectReason.RESIDENT_ID_INCONSISTENT,
        assertThrows(MappingException.class, () -> childHealth.mapChild(child)).reason());
  }

  @Test
  void anUnknownScreeningResultKeepsTheRecordAndCountsAnIssue() {
    NewbornScreeningRow row = new NewbornScreeningRow("S1", "CH1", LocalDate.of(2024, 8, 15), "normal", null, "pass", "pass", "inconclusive", Instant.EPOCH);

    MappedRecord mapped = childHealth.mapScreening(row);

    assertEquals(1, mapped.issues().size());
    assertEquals("screening-result", mapped.issues().get(0).field());
  }
}
