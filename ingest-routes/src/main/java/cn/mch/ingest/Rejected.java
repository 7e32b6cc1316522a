package cn.mch.ingest;

import cn.mch.mappings.RejectReason;
import cn.mch.mappings.SourceKey;

/**
 * A source record that will not become FHIR, and why. The message names no personal data.
 *
 * @param payload the record as it came (a pushed CSV line, FHIR Bundle or HL7 message), kept
 *     encrypted with its dead letter so it can be looked at and replayed; null for a polled row,
 *     which its source still holds
 */
public record Rejected(SourceKey key, RejectReason reason, String message, Payload payload) {

  public Rejected(SourceKey key, RejectReason reason, String message) {
    this(key, reason, message, null);
  }

  /**
   * Input as received.
   *
   * @param type its media type, e.g. {@code text/csv}, {@code application/fhir+json}, {@code
   *     x-application/hl7-v2+er7}
   */
  public record Payload(String type, byte[] content) {

    /** Never prints the content: it holds personal data. */
    @Override
    public String toString() {
      return "Payload[" + type + ", " + content.length + " bytes]";
    }
  }
}
