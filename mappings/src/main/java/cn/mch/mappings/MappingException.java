package cn.mch.mappings;

/**
 * A source record that cannot be mapped, for a reason that retrying will not change. The message
 * names the field and the rule, never the value, so it is safe to log and to store.
 */
public final class MappingException extends RuntimeException {

  private final RejectReason reason;

  public MappingException(RejectReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
