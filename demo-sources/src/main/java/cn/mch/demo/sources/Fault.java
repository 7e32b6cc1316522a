package cn.mch.demo.sources;

/**
 * A fault the generator puts into a source record on purpose (dirty data). At most one per record,
 * so the reason the platform must give is unambiguous. {@link #rejectReason} names the platform's
 * {@code RejectReason} for faults that must be rejected; null for faults it must tolerate.
 */
public enum Fault {
  NONE(null),
  /** Resident ID with a wrong check character. */
  BAD_CHECK_DIGIT("RESIDENT_ID_INVALID"),
  /** Old 15-digit resident ID: converted to 18, not rejected. */
  ID_15_DIGIT(null),
  /** A mandatory field (name, date) left empty. */
  MISSING_MANDATORY("MISSING_MANDATORY_FIELD"),
  /** A local code the hospital's code map does not know. */
  UNKNOWN_CODE("UNKNOWN_CODE"),
  /** A physically impossible value (gestational week 60, negative weight). */
  IMPOSSIBLE_VALUE("VALUE_OUT_OF_RANGE"),
  /** The same row twice: one set of resources, no rejection. */
  DUPLICATE_ROW(null),
  /** The same person with slightly different demographics in another hospital: one person. */
  DEMOGRAPHIC_VARIANT(null),
  /**
   * A row committed late, with a change stamp older than rows already read (a visit entered after
   * the platform's watermark passed its date): it must still be ingested.
   */
  LATE_ARRIVAL(null);

  public final String rejectReason;

  Fault(String rejectReason) {
    this.rejectReason = rejectReason;
  }
}
