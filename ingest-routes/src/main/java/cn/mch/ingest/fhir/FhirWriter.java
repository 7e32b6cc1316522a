package cn.mch.ingest.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import cn.mch.ingest.Batch;
import cn.mch.ingest.Rejected;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.TransactionBundles;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes mapped records to the FHIR server as transaction Bundles of {@code PUT}s. A batch is one
 * transaction; if the server refuses it for a reason in the data (4xx), each record is written on
 * its own so that only the records at fault are rejected. Server or network trouble is a {@link
 * TransientWriteException} and rejects nothing.
 */
public final class FhirWriter {

  private static final Logger log = LoggerFactory.getLogger(FhirWriter.class);
  private static final int MAX_MESSAGE = 1000;

  private final IGenericClient client;

  public FhirWriter(FhirContext fhirContext, String baseUrl) {
    fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    fhirContext.getRestfulClientFactory().setSocketTimeout(120_000);
    this.client = fhirContext.newRestfulGenericClient(baseUrl);
  }

  public Batch write(Batch batch) {
    if (batch.mapped().isEmpty()) {
      return batch;
    }
    try {
      transaction(batch.mapped());
      return batch;
    } catch (RejectedByServer whole) {
      log.warn("Transaction of {} records refused ({}); writing them one by one", batch.mapped().size(), whole.status);
      List<MappedRecord> written = new ArrayList<>();
      List<Rejected> rejected = new ArrayList<>();
      for (MappedRecord record : batch.mapped()) {
        try {
          transaction(List.of(record));
          written.add(record);
        } catch (RejectedByServer one) {
          rejected.add(new Rejected(record.key(), RejectReason.FHIR_REJECTED, one.getMessage()));
        }
      }
      return batch.withFhirRejections(written, rejected);
    }
  }

  private void transaction(List<MappedRecord> records) {
    try {
      client.transaction().withBundle(TransactionBundles.upsert(records)).execute();
    } catch (FhirClientConnectionException e) {
      throw new TransientWriteException("FHIR server not reachable", e);
    } catch (BaseServerResponseException e) {
      if (isPermanent(e.getStatusCode())) {
        throw new RejectedByServer(e.getStatusCode(), describe(e));
      }
      throw new TransientWriteException("FHIR server answered HTTP " + e.getStatusCode(), e);
    }
  }

  /** 4xx means the data is at fault, except timeouts, version conflicts and rate limits. */
  static boolean isPermanent(int status) {
    return status >= 400 && status < 500 && status != 408 && status != 409 && status != 429;
  }

  private static String describe(BaseServerResponseException e) {
    String text = "HTTP " + e.getStatusCode();
    if (e.getOperationOutcome() instanceof OperationOutcome outcome) {
      StringBuilder issues = new StringBuilder(text);
      outcome.getIssue().forEach(issue -> issues.append("; ").append(issue.getDiagnostics()));
      text = issues.toString();
    } else if (e.getMessage() != null) {
      text += ": " + e.getMessage();
    }
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) : text;
  }

  /** The server refused a transaction for a reason in its content. */
  private static final class RejectedByServer extends RuntimeException {
    final int status;

    RejectedByServer(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }
}
