package cn.mch.ingest.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.util.FhirTerser;
import cn.mch.ingest.Batch;
import cn.mch.ingest.Rejected;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.TransactionBundles;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes mapped records to the FHIR server as transaction Bundles of {@code PUT}s. A batch is
 * written as few transactions as hold at most {@link #MAX_ENTRIES} resources each (whole records
 * only; HAPI prefetches the existing resources of a transaction in chunks of fewer than 800); if
 * the server refuses one for a reason in the data (4xx), each of its records is written on its own
 * so that only the records at fault are rejected. Server or network trouble is a {@link
 * TransientWriteException} and rejects nothing: the caller retries the batch, which rewrites what
 * was already written as no-ops.
 *
 * <p>All routes of a node share one writer, and at most {@code concurrentWrites} transactions are
 * in flight at once: more would only make the server's threads and database connections contend
 * (and the client's connection pool time out while the server is busy), not write faster. Two
 * transactions that would create the same resource take turns ({@link WriteClaims}) instead of
 * one being refused by the server and sent again.
 *
 * <p>With the server's ingest key, the writer sends it with every transaction: the mappings'
 * output, which the server does not validate again. {@link #checkedByServer()} is the same writer
 * (same connections and permits) without the key, for input the platform did not map itself: a
 * hospital's FHIR push.
 */
public final class FhirWriter {

  private static final Logger log = LoggerFactory.getLogger(FhirWriter.class);
  private static final int MAX_MESSAGE = 1000;
  static final int MAX_ENTRIES = 400;

  private final FhirContext fhirContext;
  private final IGenericClient client;
  private final Semaphore inFlight;
  private final WriteClaims claims;
  private final String ingestKey;

  /** A writer whose every write the server validates. */
  public FhirWriter(FhirContext fhirContext, String baseUrl, int concurrentWrites) {
    this(fhirContext, baseUrl, concurrentWrites, "");
  }

  /**
   * @param ingestKey the server's ingest key, sent with every write; empty: none (the server
   *     validates every write)
   */
  public FhirWriter(FhirContext fhirContext, String baseUrl, int concurrentWrites, String ingestKey) {
    if (concurrentWrites < 1) {
      // No permit would mean every write waits forever, silently.
      throw new IllegalArgumentException("ingest.fhir.concurrent-writes must be at least 1, not " + concurrentWrites);
    }
    fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    fhirContext.getRestfulClientFactory().setSocketTimeout(120_000);
    fhirContext.getRestfulClientFactory().setPoolMaxPerRoute(Math.max(20, concurrentWrites));
    fhirContext.getRestfulClientFactory().setPoolMaxTotal(Math.max(20, concurrentWrites));
    this.fhirContext = fhirContext;
    this.client = fhirContext.newRestfulGenericClient(baseUrl);
    this.inFlight = new Semaphore(concurrentWrites, true);
    this.claims = new WriteClaims();
    this.ingestKey = ingestKey;
  }

  private FhirWriter(FhirWriter keyed) {
    this.fhirContext = keyed.fhirContext;
    this.client = keyed.client;
    this.inFlight = keyed.inFlight;
    this.claims = keyed.claims;
    this.ingestKey = "";
  }

  /** This writer without the ingest key: the server validates what it writes. */
  public FhirWriter checkedByServer() {
    return ingestKey.isEmpty() ? this : new FhirWriter(this);
  }

  public Batch write(Batch batch) {
    return write(batch, () -> false);
  }

  /**
   * Writes {@code batch} unless {@code stop} says otherwise: checked before each transaction, once
   * its turn to write has come, so a node that stops does not wait for every route's batch to get a
   * turn. A batch stopped so is {@link Abandoned}, perhaps part written: the caller does not commit
   * it, and the next run writes it again (what was written, as no-ops).
   */
  public Batch write(Batch batch, BooleanSupplier stop) {
    if (batch.mapped().isEmpty()) {
      return batch;
    }
    List<MappedRecord> written = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    for (List<MappedRecord> chunk : chunks(batch.mapped())) {
      try {
        transaction(chunk, stop);
        written.addAll(chunk);
      } catch (RejectedByServer whole) {
        log.warn("Transaction of {} records refused ({}); writing them one by one", chunk.size(), whole.status);
        for (MappedRecord record : chunk) {
          try {
            transaction(List.of(record), stop);
            written.add(record);
          } catch (RejectedByServer one) {
            rejected.add(new Rejected(record.key(), RejectReason.FHIR_REJECTED, one.getMessage()));
          }
        }
      }
    }
    return rejected.isEmpty() ? batch : batch.withFhirRejections(written, rejected);
  }

  /** Consecutive records, at most {@link #MAX_ENTRIES} resources a chunk (a larger record alone). */
  static List<List<MappedRecord>> chunks(List<MappedRecord> records) {
    List<List<MappedRecord>> chunks = new ArrayList<>();
    List<MappedRecord> current = new ArrayList<>();
    int entries = 0;
    for (MappedRecord record : records) {
      int size = record.resources().size();
      if (!current.isEmpty() && entries + size > MAX_ENTRIES) {
        chunks.add(current);
        current = new ArrayList<>();
        entries = 0;
      }
      current.add(record);
      entries += size;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  private void transaction(List<MappedRecord> records, BooleanSupplier stop) {
    Bundle bundle = TransactionBundles.upsert(records);
    Set<String> named = namedIds(fhirContext, bundle);
    List<String> claimed;
    try {
      claimed = claims.claim(named);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientWriteException("Interrupted while waiting to write", e);
    }
    boolean committed = false;
    try {
      inFlight.acquire();
      try {
        send(bundle, stop);
        committed = true;
      } finally {
        inFlight.release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientWriteException("Interrupted while waiting to write", e);
    } finally {
      claims.release(claimed, committed ? entryIds(bundle) : List.of());
    }
  }

  private void send(Bundle bundle, BooleanSupplier stop) {
    if (stop.getAsBoolean()) {
      throw new Abandoned();
    }
    try {
      var transaction = client.transaction().withBundle(bundle);
      if (!ingestKey.isEmpty()) {
        transaction.withAdditionalHeader(TransactionBundles.INGEST_KEY_HEADER, ingestKey);
      }
      transaction.execute();
    } catch (FhirClientConnectionException e) {
      throw new TransientWriteException("FHIR server not reachable", e);
    } catch (BaseServerResponseException e) {
      if (isPermanent(e.getStatusCode())) {
        throw new RejectedByServer(e.getStatusCode(), describe(e));
      }
      throw new TransientWriteException("FHIR server answered HTTP " + e.getStatusCode(), e, e.getStatusCode());
    }
  }

  /**
   * The resources a transaction may create: its entries, and the targets of its entries' local
   * references (HAPI makes a placeholder for a target not stored yet), as {@code Type/id}.
   */
  static Set<String> namedIds(FhirContext fhirContext, Bundle bundle) {
    FhirTerser terser = fhirContext.newTerser();
    Set<String> ids = new HashSet<>();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      ids.add(entry.getRequest().getUrl());
      for (Reference reference : terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
        IIdType target = reference.getReferenceElement();
        if (target.hasResourceType() && target.hasIdPart() && !target.isAbsolute() && !target.isLocal()
            && reference.getReference().indexOf('?') < 0) {
          ids.add(target.getResourceType() + "/" + target.getIdPart());
        }
      }
    }
    return ids;
  }

  /**
   * The resources a committed transaction stored, as {@code Type/id}: its entries. Not the targets
   * of its references: remembering those as stored still let two transactions create one at once
   * (4 refusals at S), so a target named is not always a target stored; we take it that HAPI makes
   * placeholders only for references its search parameters index.
   */
  static List<String> entryIds(Bundle bundle) {
    return bundle.getEntry().stream().map(entry -> entry.getRequest().getUrl()).toList();
  }

  /** 4xx means the data is at fault, except timeouts, version conflicts and rate limits. */
  static boolean isPermanent(int status) {
    return status >= 400 && status < 500 && status != 408 && status != 409 && status != 429;
  }

  private static String describe(BaseServerResponseException e) {
    String text = "HTTP " + e.getStatusCode();
    if (e.getOperationOutcome() instanceof OperationOutcome outcome) {
      StringBuilder issues = new StringBuilder(text);
      // Errors only: the server's warnings (best-practice hints) are not why it refused.
      outcome.getIssue().stream()
          .filter(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
              || issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
          .forEach(issue -> issues.append("; ").append(issue.getDiagnostics()));
      text = issues.toString();
    } else if (e.getMessage() != null) {
      text += ": " + e.getMessage();
    }
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) : text;
  }

  /** A batch not written (or not wholly) because its writer was told to stop. */
  public static final class Abandoned extends RuntimeException {
    Abandoned() {
      super("stopped before the batch was written", null, false, false);
    }
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
