package cn.mch.mappings.terminology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.Validation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.Test;

class ConformanceTest {

  @Test
  void everyConformanceResourceIsListedParsedAndHasACanonicalUrl() {
    List<Resource> all = Conformance.all();

    assertEquals(24, all.size());
    int retired = 0;
    for (Resource resource : all) {
      String url = resource.getNamedProperty("url").getValues().get(0).primitiveValue();
      if (resource instanceof SearchParameter sp && sp.getStatus() == Enumerations.PublicationStatus.RETIRED) {
        // A built-in parameter taken out of use: the same canonical URL as the one it retires.
        assertTrue(url.startsWith("http://hl7.org/fhir/SearchParameter/"), url);
        retired++;
      } else {
        assertTrue(url.startsWith(FhirSystems.PLATFORM_BASE + "/" + resource.fhirType() + "/"), url);
      }
      assertEquals(url.substring(url.lastIndexOf('/') + 1), resource.getIdElement().getIdPart());
    }
    assertEquals(8, retired);
  }

  @Test
  void eachHospitalsCodeMapTranslatesItsOwnCodesToTheSameStandardCodes() {
    CodeMap a = CodeMap.of("hospital-a");
    CodeMap b = CodeMap.of("hospital-b");

    assertEquals("female", a.require("sex", "F").getCode());
    assertEquals("female", b.require("sex", "2").getCode());
    assertEquals("11466000", a.require("delivery-mode", "CS").getCode());
    assertEquals("11466000", b.require("delivery-mode", "02").getCode());
    assertEquals("7918-6", b.require("lab-item", "L101").getCode());
    assertEquals(FhirSystems.LOINC, b.require("lab-item", "L101").getSystem());
    assertEquals("purple", b.require("risk-colour", "5").getCode());
    assertEquals("5", b.localCodeOf("risk-colour", FhirSystems.PLATFORM_BASE + "/CodeSystem/pregnancy-risk-colour", "purple"));
  }

  @Test
  void aCodeMapTargetingACodeOurCodeSystemDoesNotDefineDoesNotLoad() {
    String colours = FhirSystems.PLATFORM_BASE + "/CodeSystem/pregnancy-risk-colour";
    ConceptMap typo = new ConceptMap();
    typo.addGroup().setSource(FhirSystems.PLATFORM_BASE + "/CodeSystem/hospital-x/risk-colour").setTarget(colours)
        .addElement().setCode("5").addTarget().setCode("purpel");
    Map<String, Set<String>> codes = Map.of(colours, Set.of("green", "yellow", "orange", "red", "purple"));

    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new CodeMap("hospital-x", typo, codes));

    assertTrue(refused.getMessage().contains("purpel"), refused.getMessage());
    typo.getGroupFirstRep().getElementFirstRep().getTargetFirstRep().setCode("purple");
    assertEquals("purple", new CodeMap("hospital-x", typo, codes).require("risk-colour", "5").getCode());
  }

  @Test
  void everyShippedCodeMapLoadsAgainstOurCodeSystems() {
    for (String source : List.of("hospital-a", "hospital-b", "child-health", "marriage-registry", "birth-registry")) {
      assertNotNull(CodeMap.of(source), source);
    }
  }

  @Test
  void unknownAndMissingCodesOfAMandatoryFieldAreRejectedWithoutTheValue() {
    MappingException unknown = assertThrows(MappingException.class, () -> CodeMap.of("hospital-b").require("lab-item", "L999"));
    MappingException missing = assertThrows(MappingException.class, () -> CodeMap.of("hospital-b").require("sex", " "));

    assertEquals(RejectReason.UNKNOWN_CODE, unknown.reason());
    assertFalse(unknown.getMessage().contains("L999"));
    assertEquals(RejectReason.MISSING_MANDATORY_FIELD, missing.reason());
    assertTrue(CodeMap.of("hospital-a").translate("lab-result", "maybe").isEmpty());
  }

  @Test
  void validatorAppliesOurProfilesAndTheirRequiredBindings() {
    Observation blue = new Observation();
    blue.getMeta().addProfile(FhirSystems.PLATFORM_BASE + "/StructureDefinition/mch-pregnancy-risk-colour");
    blue.setStatus(Observation.ObservationStatus.FINAL);
    blue.setCode(new CodeableConcept().addCoding(new Coding(FhirSystems.MCH_OBSERVATION, "pregnancy-risk-colour", null)));
    blue.setSubject(new Reference("Patient/p1"));
    blue.setEffective(new DateTimeType("2024-01-01"));
    blue.setValue(new CodeableConcept().addCoding(new Coding(FhirSystems.PLATFORM_BASE + "/CodeSystem/pregnancy-risk-colour", "blue", null)));

    RelatedPerson motherWithoutHerPatient = new RelatedPerson();
    motherWithoutHerPatient.getMeta().addProfile(FhirSystems.MCH_MOTHER_OF_CHILD_PROFILE);
    motherWithoutHerPatient.setPatient(new Reference("Patient/child"));
    motherWithoutHerPatient.addRelationship(new CodeableConcept().addCoding(new Coding(FhirSystems.V3_ROLE_CODE, "MTH", null)));

    assertFalse(Validation.errors(blue).isEmpty(), "a colour outside the ValueSet must be an error");
    assertFalse(Validation.errors(motherWithoutHerPatient).isEmpty(), "the mother's Patient extension is mandatory");
    blue.setValue(new CodeableConcept().addCoding(new Coding(FhirSystems.PLATFORM_BASE + "/CodeSystem/pregnancy-risk-colour", "red", null)));
    assertEquals(List.of(), Validation.errors(blue));
  }
}
