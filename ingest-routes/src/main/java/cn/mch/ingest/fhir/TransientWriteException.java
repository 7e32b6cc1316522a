package cn.mch.ingest.fhir;

/**
 * The FHIR server could not be reached or could not commit now (down, overloaded, a concurrent
 * write). Retrying later will succeed; it is never a reason to dead-letter a record.
 */
public final class TransientWriteException extends RuntimeException {

  private final int status;

  public TransientWriteException(String message, Throwable cause) {
    this(message, cause, 0);
  }

  /** @param status the server's HTTP status, 0 when it gave none */
  public TransientWriteException(String message, Throwable cause, int status) {
    super(message, cause);
    this.status = status;
  }

  /** The server's HTTP status (409: another transaction wrote the same resource at once), 0 when it gave none. */
  public int status() {
    return status;
  }
}
