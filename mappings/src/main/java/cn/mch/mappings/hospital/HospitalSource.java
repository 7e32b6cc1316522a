package cn.mch.mappings.hospital;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.SourceKey;

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
