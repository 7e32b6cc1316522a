package cn.mch.mappings;

/** Every system URI the mappings write, in one place. */
public final class FhirSystems {

  /** Chinese resident identity number (GB 11643), the OID used by Chinese CDA documents. */
  public static final String RESIDENT_ID = "urn:oid:2.16.156.10011.1.3";

  public static final String LOINC = "http://loinc.org";
  public static final String SNOMED = "http://snomed.info/sct";
  public static final String UCUM = "http://unitsofmeasure.org";
  public static final String V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
  public static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  public static final String V3_DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
  public static final String PROVENANCE_PARTICIPANT_TYPE =
      "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
  public static final String OBSERVATION_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/observation-category";

  public static final String VITAL_SIGNS_BP_PROFILE = "http://hl7.org/fhir/StructureDefinition/bp";
  public static final String VITAL_SIGNS_BODY_WEIGHT_PROFILE =
      "http://hl7.org/fhir/StructureDefinition/bodyweight";

  /** Base of this platform's own naming systems and code systems. */
  public static final String PLATFORM_BASE = "http://mch-platform.example/fhir";

  /** Identifier system of the source systems feeding the platform (their codes). */
  public static final String SOURCE_SYSTEM = PLATFORM_BASE + "/sid/source-system";

  private FhirSystems() {}

  /** Identifier system of one source system's local numbers, e.g. a hospital's patient number. */
  public static String sourceIdentifier(String sourceCode, String numberKind) {
    return PLATFORM_BASE + "/sid/" + sourceCode + "/" + numberKind;
  }
}
