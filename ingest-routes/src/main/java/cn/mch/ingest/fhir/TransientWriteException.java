package cn.mch.ingest.fhir;

/**
 * The FHIR server could not be reached or could not commit now (down, overloaded, a concurrent
 * write). Retrying later will succeed; it is never a reason to dead-letter a record.
 */
public final class TransientWriteException extends RuntimeException {

  public TransientWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
