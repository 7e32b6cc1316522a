package cn.mch.mappings;

import java.time.Instant;

/** The source's change stamp of a record: what Provenance records and polling orders by. */
public final class SourceStamps {

  private SourceStamps() {}

  public static Instant require(Instant changed) {
    if (changed == null) {
      throw new MappingException(RejectReason.MISSING_MANDATORY_FIELD, "Source change stamp is empty");
    }
    return changed;
  }
}
