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
  FHIR_REJECTED,
  /** Pushed input that cannot be read at all: malformed CSV, JSON or HL7 v2. */
  UNPARSEABLE,
  /** Pushed input that is not in its declared character encoding (UTF-8 unless configured). */
  INVALID_ENCODING,
  /** A field whose text is not of its type (a date that is no date, a number that is no number). */
  INVALID_FORMAT,
  /** Well-formed input the channel does not take: a FHIR resource or HL7 message of another type. */
  UNSUPPORTED_CONTENT
}
