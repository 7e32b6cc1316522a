package cn.mch.mappings;

/**
 * Stable reason codes for a source record that cannot become FHIR. They are stored with every
 * dead letter and counted in reports, so they never change meaning once released.
 */
public enum RejectReason {
  /** A field the target model requires is empty. */
  MISSING_MANDATORY_FIELD,
  /** The resident ID fails GB 11643: length, characters, birth date or check character. */
  RESIDENT_ID_INVALID,
  /** The resident ID is well formed but its birth date or sex disagrees with the record. */
  RESIDENT_ID_INCONSISTENT,
  /** A coded value the source system should never send (no entry in its code map). */
  UNKNOWN_CODE,
  /** A value outside what is physically possible (e.g. a systolic pressure of 900). */
  VALUE_OUT_OF_RANGE,
  /** The FHIR server refused the resources (validation, business rule). */
  FHIR_REJECTED
}
