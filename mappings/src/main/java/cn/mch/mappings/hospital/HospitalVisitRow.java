package cn.mch.mappings.hospital;

import java.time.Instant;

/**
 * A hospital visit as an admission/registration feed announces it (HL7 v2 ADT PV1): an
 * outpatient registration or an inpatient admission, not yet known to be a prenatal visit.
 *
 * @param visitNo the hospital's visit number (PV1-19)
 * @param patientNo the patient number
 * @param patientClass HL7 table 0004: {@code O} outpatient, {@code I} inpatient, {@code E}
 *     emergency; null when not given
 * @param admittedAt when the visit began (PV1-44)
 * @param dischargedAt when it ended (PV1-45), null while it goes on
 * @param updatedAt when the source sent it (MSH-7)
 */
public record HospitalVisitRow(
    String visitNo, String patientNo, String patientClass, Instant admittedAt, Instant dischargedAt, Instant updatedAt) {

  @Override
  public String toString() {
    return "HospitalVisitRow[updatedAt=" + updatedAt + "]";
  }
}
