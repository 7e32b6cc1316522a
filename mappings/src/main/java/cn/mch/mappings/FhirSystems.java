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
  public static final String VITAL_SIGNS_BODY_HEIGHT_PROFILE = "http://hl7.org/fhir/StructureDefinition/bodyheight";
  public static final String VITAL_SIGNS_HEAD_CIRCUMFERENCE_PROFILE = "http://hl7.org/fhir/StructureDefinition/headcircum";

  public static final String V3_CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
  public static final String V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
  public static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
  public static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
  public static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";

  /** Core extension: the EpisodeOfCare a resource belongs to (a pregnancy). */
  public static final String WORKFLOW_EPISODE_OF_CARE = "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare";
  /** Core extension: time of birth on Patient.birthDate. */
  public static final String PATIENT_BIRTH_TIME = "http://hl7.org/fhir/StructureDefinition/patient-birthTime";

  /** Core extension: the script a name is written in; "ABC" marks the pinyin form of a name. */
  public static final String NAME_REPRESENTATION = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";

  /** Base of this platform's own naming systems and code systems. */
  public static final String PLATFORM_BASE = "http://mch-platform.example/fhir";

  public static final String MCH_OBSERVATION = PLATFORM_BASE + "/CodeSystem/mch-observation";
  public static final String MCH_ENCOUNTER_TYPE = PLATFORM_BASE + "/CodeSystem/mch-encounter-type";
  public static final String MCH_PATIENT_PROFILE = PLATFORM_BASE + "/StructureDefinition/mch-patient";
  public static final String MCH_MOTHER_OF_CHILD_PROFILE = PLATFORM_BASE + "/StructureDefinition/mch-mother-of-child";
  public static final String MCH_RELATED_PATIENT = PLATFORM_BASE + "/StructureDefinition/mch-related-patient";

  /** System of birth medical certificate numbers (出生医学证明编号), national. */
  public static final String BIRTH_CERTIFICATE = PLATFORM_BASE + "/sid/birth-certificate-no";

  /** Tag system of the platform's own markers on resources. */
  public static final String MCH_TAG = PLATFORM_BASE + "/CodeSystem/mch-tag";

  /** Identifier system of the source systems feeding the platform (their codes). */
  public static final String SOURCE_SYSTEM = PLATFORM_BASE + "/sid/source-system";

  private FhirSystems() {}

  /** Identifier system of one source system's local numbers, e.g. a hospital's patient number. */
  public static String sourceIdentifier(String sourceCode, String numberKind) {
    return PLATFORM_BASE + "/sid/" + sourceCode + "/" + numberKind;
  }
}
