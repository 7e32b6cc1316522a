package cn.mch.mappings.hospital;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.terminology.CodeMap;

/**
 * One hospital feeding the platform: its code (part of every source key and identifier system)
 * and display name.
 *
 * @param code short stable code, e.g. {@code hospital-a}
 * @param name display name, e.g. {@code 市妇幼保健院}
 */
public record HospitalSource(String code, String name) {

  public static final String PATIENT = "patient";
  public static final String PRENATAL_VISIT = "prenatal-visit";
  public static final String BOOKING = "booking";
  public static final String RISK_ASSESSMENT = "risk-assessment";
  public static final String LAB_RESULT = "lab-result";
  public static final String DELIVERY = "delivery";
  public static final String NEWBORN = "newborn";
  public static final String POSTPARTUM_VISIT = "postpartum-visit";

  /** The hospital's code map, {@code fhir/conformance/ConceptMap-<code>.json}. */
  public CodeMap codes() {
    return CodeMap.of(code);
  }

  public SourceKey key(String entity, String localId) {
    return new SourceKey(code, entity, localId);
  }

  /** Identifier system of one kind of this hospital's numbers, e.g. {@code booking-no}. */
  public String numberSystem(String kind) {
    return FhirSystems.sourceIdentifier(code, kind);
  }

  public SourceKey patientKey(String patientNo) {
    return new SourceKey(code, PATIENT, patientNo);
  }

  public SourceKey prenatalVisitKey(String visitNo) {
    return new SourceKey(code, PRENATAL_VISIT, visitNo);
  }

  /** Identifier system of this hospital's patient numbers. */
  public String patientNumberSystem() {
    return FhirSystems.sourceIdentifier(code, "patient-no");
  }

  /** Identifier system of this hospital's visit numbers. */
  public String visitNumberSystem() {
    return FhirSystems.sourceIdentifier(code, "visit-no");
  }
}
