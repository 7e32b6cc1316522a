package cn.mch.mappings.hospital;

import java.time.Instant;

/**
 * A newborn record (新生儿记录), as the hospital's SQL adapter selects it.
 *
 * @param newbornNo the hospital's newborn number
 * @param deliveryNo the delivery the child was born in
 * @param motherPatientNo the mother's patient number (the adapter joins it)
 * @param motherResidentId the mother's resident ID as the hospital holds it (joined), for the
 *     birth-event linkage key; may be null
 * @param motherName the mother's name as the hospital holds it (joined), for the weaker
 *     mother's-name birth key; may be null
 * @param birthOrder 1, or 2 and up for the later-born of twins
 * @param sex the local sex code, translated by the code map (field {@code sex})
 * @param birthTime moment of birth
 * @param weightG birth weight in grams, may be null
 * @param lengthCm body length at birth in cm, may be null
 * @param apgar1 Apgar score at 1 minute, may be null
 * @param apgar5 Apgar score at 5 minutes, may be null
 * @param updatedAt when the source last changed the row
 */
public record HospitalNewbornRow(
    String newbornNo,
    String deliveryNo,
    String motherPatientNo,
    String motherResidentId,
    String motherName,
    Integer birthOrder,
    String sex,
    Instant birthTime,
    Integer weightG,
    Integer lengthCm,
    Integer apgar1,
    Integer apgar5,
    Instant updatedAt) {

  @Override
  public String toString() {
    return "HospitalNewbornRow[updatedAt=" + updatedAt + "]";
  }
}
