package cn.mch.ingest;

import cn.mch.ingest.fhir.TransientWriteException;
import java.sql.SQLException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.dao.DataAccessException;

/**
 * The one place ingestion error handling is defined; every route opts in by id.
 *
 * <ul>
 *   <li>Permanent errors are per record: the mapping or the FHIR server rejects a record, it goes
 *       to the dead-letter table with its reason, and the rest of the batch carries on (see {@link
 *       PollingRoute}).
 *   <li>Transient errors (FHIR server or a database unreachable) are retried with exponential
 *       back-off. If they outlast the retries the exchange fails without committing anything: the
 *       watermark stays where it was and the next poll reads the same rows again.
 * </ul>
 *
 * Bodies are never logged: they hold personal data.
 */
public final class IngestErrorHandling extends RouteConfigurationBuilder {

  public static final String ID = "ingest-error-handling";

  private final int maximumRedeliveries;
  private final long redeliveryDelayMs;

  public IngestErrorHandling(int maximumRedeliveries, long redeliveryDelayMs) {
    this.maximumRedeliveries = maximumRedeliveries;
    this.redeliveryDelayMs = redeliveryDelayMs;
  }

  @Override
  public void configuration() {
    routeConfiguration(ID)
        .onException(TransientWriteException.class, SQLException.class, DataAccessException.class)
        .maximumRedeliveries(maximumRedeliveries)
        .redeliveryDelay(redeliveryDelayMs)
        .useExponentialBackOff()
        .backOffMultiplier(2)
        .maximumRedeliveryDelay(60_000)
        .retryAttemptedLogLevel(LoggingLevel.WARN)
        .logExhaustedMessageBody(false)
        .logExhaustedMessageHistory(false)
        .logRetryStackTrace(false)
        .handled(false);
  }
}
