package cn.mch.ingest;

import cn.mch.ingest.fhir.FhirWriter;
import cn.mch.ingest.fhir.TransientWriteException;
import cn.mch.ingest.rows.RowBinder;
import cn.mch.ingest.rows.RowPayloads;
import cn.mch.ingest.store.DeadLetters;
import cn.mch.ingest.store.QualityIssues;
import cn.mch.ingest.store.SeenRows;
import cn.mch.ingest.store.Watermark;
import cn.mch.ingest.store.Watermarks;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappingException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import cn.mch.mappings.SourceKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.StatefulService;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental polling of one entity of one source, the shape every pull route shares:
 *
 * <ol>
 *   <li>read the route's watermark from the platform database;
 *   <li>run the source's SQL adapter for the rows changed after it, in change order;
 *   <li>bind rows to records and map each to FHIR, setting aside records that cannot map;
 *   <li>write the mapped records to the FHIR server in one transaction;
 *   <li>only then record the dead letters and data-quality issues and advance the watermark.
 * </ol>
 *
 * A full batch is followed at once by the next, so a backfill does not wait for the timer. The
 * {@link PolledEntity} says which SQL, which record and which mapping.
 *
 * @param <R> the source row record
 */
public final class PollingRoute<R extends Record> extends RouteBuilder {

  private static final Logger progress = LoggerFactory.getLogger(PollingRoute.class);

  static final String HEADER_SINCE_TS = "since_ts";
  static final String HEADER_SINCE_KEY = "since_key";
  static final String HEADER_BATCH_SIZE = "batch_size";
  private static final String MORE = "mch.more";
  private static final String ROWS = "mch.rows";
  private static final String SINCE = "mch.since";
  private static final String STARTED = "mch.started";

  private final PolledEntity<R> entity;
  private final PollingSettings settings;
  private final Watermarks watermarks;
  private final DeadLetters deadLetters;
  private final QualityIssues qualityIssues;
  private final FhirWriter writer;
  private final SeenRows seen;
  private final RowBinder<R> binder;
  private final AdapterSql adapter;
  private final Backfill backfill;
  /** Whether the first poll has asked the source's planner (the route's own thread only). */
  private boolean planAsked;
  /** Tables a batch reads whole (no index serves it), by the source's planner; null before it answered. */
  private volatile Set<String> tablesReadWhole;
  private final PhaseTimes times;

  public PollingRoute(
      PolledEntity<R> entity,
      PollingSettings settings,
      Watermarks watermarks,
      DeadLetters deadLetters,
      QualityIssues qualityIssues,
      FhirWriter writer,
      SeenRows seen,
      PhaseTimes times) {
    this.entity = entity;
    this.times = times;
    this.settings = settings;
    this.watermarks = watermarks;
    this.deadLetters = deadLetters;
    this.qualityIssues = qualityIssues;
    this.writer = writer;
    this.seen = seen;
    this.binder = new RowBinder<>(entity.rowType(), settings.sourceZone());
    this.adapter = AdapterSql.load(entity.sql().replaceFirst("^sql:classpath:", ""));
    this.backfill = new Backfill(entity.routeId(), adapter);
  }

  public String routeId() {
    return entity.routeId();
  }

  @Override
  public void configure() {
    from("timer:" + routeId() + "?delay=" + settings.initialDelayMs() + "&period=" + settings.pollPeriodMs())
        .routeId(routeId())
        .routeConfigurationId(IngestErrorHandling.ID)
        .setProperty(MORE, constant(true))
        .loopDoWhile(exchangeProperty(MORE).isEqualTo(true))
            .process(this::selectAfterWatermark).id(nodeId("read-watermark"))
            .to(entity.sql() + "?dataSource=#" + entity.dataSourceName() + "&outputType=SelectList").id(nodeId("read-source"))
            .process(this::mapRows).id(nodeId("map"))
            .process(this::write).id(nodeId("write-fhir"))
            .process(this::commit).id(nodeId("commit"))
        .end();
    if (settings.sweepEveryMs() > 0) {
      from("timer:" + routeId() + "-sweep?delay=" + settings.sweepEveryMs() + "&period=" + settings.sweepEveryMs())
          .routeId(routeId() + "-sweep")
          .routeConfigurationId(IngestErrorHandling.ID)
          .process(this::startSweep).id(nodeId("sweep-start"))
          .loopDoWhile(exchangeProperty(MORE).isEqualTo(true))
              .process(this::selectAfterCursor).id(nodeId("sweep-cursor"))
              .to(entity.sql() + "?dataSource=#" + entity.dataSourceName() + "&outputType=SelectList").id(nodeId("sweep-read"))
              .process(this::sweepRows).id(nodeId("sweep-map"))
              .process(this::writeUnlessStopping).id(nodeId("sweep-write"))
              .process(this::sweepCommit).id(nodeId("sweep-commit"))
          .end()
          .process(this::endSweep).id(nodeId("sweep-end"));
    }
  }

  private static final String CURSOR = "mch.cursor";
  private static final String LIMIT = "mch.limit";
  private static final String FOUND = "mch.found";

  /**
   * The late-row sweep reads the whole source table up to the watermark, in pages, and takes the
   * rows this route has not handled with their present stamp: rows committed after the watermark
   * had passed their stamp. What it writes goes the same way as a poll's rows.
   */
  private void startSweep(Exchange exchange) {
    exchange.setProperty(MORE, true);
    exchange.setProperty(CURSOR, Watermark.START);
    exchange.setProperty(LIMIT, watermarks.load(routeId()));
    exchange.setProperty(FOUND, 0);
  }

  private void selectAfterCursor(Exchange exchange) {
    selectAfter(exchange, exchange.getProperty(CURSOR, Watermark.class), sweepPage());
  }

  /** The SQL adapter's parameters: rows after {@code since}, at most {@code limit}. */
  private static void selectAfter(Exchange exchange, Watermark since, int limit) {
    exchange.getIn().setBody(null);
    exchange.getIn().setHeader(HEADER_SINCE_TS, OffsetDateTime.ofInstant(since.updatedAt(), ZoneOffset.UTC));
    exchange.getIn().setHeader(HEADER_SINCE_KEY, since.key());
    exchange.getIn().setHeader(HEADER_BATCH_SIZE, limit);
  }

  private int sweepPage() {
    return settings.batchSize() * 5;
  }

  @SuppressWarnings("unchecked")
  private void sweepRows(Exchange exchange) {
    List<R> read = binder.bindAll(exchange.getIn().getBody(List.class));
    Watermark limit = exchange.getProperty(LIMIT, Watermark.class);
    Watermark cursor = exchange.getProperty(CURSOR, Watermark.class);
    List<R> candidates = new java.util.ArrayList<>();
    for (R row : read) {
      Watermark stamp = entity.watermark().apply(row);
      cursor = cursor.max(stamp);
      // Rows after the watermark are the poll's.
      if (limit.max(stamp) == limit && stamp.key() != null) {
        candidates.add(row);
      }
    }
    Map<String, java.time.Instant> handled =
        seen.stamps(routeId(), candidates.stream().map(r -> entity.watermark().apply(r).key()).toList());
    List<R> late = candidates.stream()
        .filter(r -> {
          // Handled at this stamp or a later one: not late (a duplicate row of an older version counts as handled).
          Watermark stamp = entity.watermark().apply(r);
          java.time.Instant at = handled.get(stamp.key());
          return at == null || stamp.updatedAt().isAfter(at);
        })
        .toList();
    exchange.setProperty(CURSOR, cursor);
    exchange.setProperty(MORE, read.size() >= sweepPage() && limit.max(cursor) == limit && !stopping(exchange));
    exchange.setProperty(ROWS, late);
    exchange.setProperty(FOUND, exchange.getProperty(FOUND, Integer.class) + late.size());
    exchange.getIn().setBody(map(late, Watermark.START));
  }

  /**
   * The rows mapped, by source key: a row a source holds twice is one record (the later copy
   * wins), and one transaction never names the same resource twice. Rows that cannot map are
   * rejected with their row kept.
   *
   * @param next the watermark to commit after these rows
   */
  private Batch map(List<R> rows, Watermark next) {
    Map<SourceKey, MappedRecord> mapped = new LinkedHashMap<>();
    Map<SourceKey, Rejected> rejected = new LinkedHashMap<>();
    for (R row : rows) {
      try {
        MappedRecord record = entity.mapping().apply(row);
        mapped.put(record.key(), record);
      } catch (MappingException e) {
        Rejected r = new Rejected(entity.key().apply(row), e.reason(), e.getMessage(), RowPayloads.of(binder, row));
        rejected.put(r.key(), r);
      }
    }
    return new Batch(rows.size(), List.copyOf(mapped.values()), List.copyOf(rejected.values()), next);
  }

  private void sweepCommit(Exchange exchange) {
    record(exchange);
  }

  @SuppressWarnings("unchecked")
  private Batch record(Exchange exchange) {
    return record(batch(exchange), exchange.getProperty(ROWS, List.class));
  }

  private void endSweep(Exchange exchange) {
    int found = exchange.getProperty(FOUND, Integer.class);
    if (found > 0) {
      progress.info("{}: sweep found {} rows committed after the watermark had passed them", routeId(), found);
    }
  }

  /** Node ids are unique across routes: {@code <route id>-<step>}, e.g. {@code ...-write-fhir}. */
  public String nodeId(String step) {
    return routeId() + "-" + step;
  }

  private void selectAfterWatermark(Exchange exchange) {
    exchange.setProperty(STARTED, System.nanoTime());
    Watermark since = watermarks.load(routeId());
    exchange.setProperty(SINCE, since);
    selectAfter(exchange, since, settings.batchSize());
  }

  @SuppressWarnings("unchecked")
  private void mapRows(Exchange exchange) {
    long mapping = System.nanoTime();
    times.add(PhaseTimes.Phase.READ, mapping - exchange.getProperty(STARTED, Long.class));
    List<R> rows = binder.bindAll(exchange.getIn().getBody(List.class));
    Watermark next = Watermark.START;
    for (R row : rows) {
      next = next.max(entity.watermark().apply(row));
    }
    exchange.getIn().setBody(map(rows, next));
    exchange.setProperty(ROWS, rows);
    times.add(PhaseTimes.Phase.MAP, System.nanoTime() - mapping);
  }

  private void write(Exchange exchange) {
    long writing = System.nanoTime();
    try {
      writeUnlessStopping(exchange);
    } catch (TransientWriteException e) {
      times.failedWrite(batch(exchange).resources(), e.status());
      throw e;
    } finally {
      times.add(PhaseTimes.Phase.WRITE, System.nanoTime() - writing);
    }
  }

  /**
   * Writes the batch; when the node stops before its turn to write comes, the exchange ends here:
   * nothing of the batch is committed (no watermark, dead letter or row marked handled), and the
   * next start reads it again.
   */
  private void writeUnlessStopping(Exchange exchange) {
    try {
      exchange.getIn().setBody(writer.write(batch(exchange), () -> stopping(exchange)));
    } catch (FhirWriter.Abandoned stopped) {
      progress.info("{}: stopping before this batch was written; the next start reads it again", routeId());
      exchange.setRouteStop(true);
    }
  }

  private void commit(Exchange exchange) {
    long committing = System.nanoTime();
    Batch batch = record(exchange);
    if (batch.rowsRead() > 0) {
      watermarks.advance(routeId(), batch.next());
      progress.info(
          "{}: {} rows read, {} records written, {} dead letters",
          routeId(),
          batch.rowsRead(),
          batch.mapped().size(),
          batch.rejected().size());
    }
    boolean full = batch.rowsRead() >= settings.batchSize();
    boolean more = full && !stopping(exchange);
    if (full && !more) {
      progress.info("{}: stopping after this batch; the next start goes on from its watermark", routeId());
    }
    exchange.setProperty(MORE, more);
    Supplier<DataSource> source = () -> getContext().getRegistry().lookupByNameAndType(entity.dataSourceName(), DataSource.class);
    Watermark since = exchange.getProperty(SINCE, Watermark.class);
    if (!planAsked) {
      planAsked = true;
      checkPlan(since, source.get());
    }
    backfill.batch(batch.rowsRead(), full, since, source);
    times.add(PhaseTimes.Phase.COMMIT, System.nanoTime() - committing);
    times.committed(batch.rowsRead(), batch.resources());
  }

  /**
   * True when the node or this route is being stopped: a backfill's loop then ends after the batch
   * it has committed, the next poll goes on from its watermark, and a stop does not wait for the
   * whole backlog (nor cut a batch short when Camel's shutdown timeout runs out). Camel stops a
   * route's consumer (the timer) before it waits for the exchanges in flight, so the consumer
   * tells a stop of this route alone too.
   */
  private boolean stopping(Exchange exchange) {
    CamelContext camel = exchange.getContext();
    if (!camel.isRunAllowed() || camel.isStopping() || camel.isSuspending() || camel.isSuspended()) {
      return true;
    }
    org.apache.camel.Route route = camel.getRoute(exchange.getFromRouteId());
    if (route != null && route.getConsumer() instanceof StatefulService consumer) {
      return !consumer.isRunAllowed() || consumer.isStopping() || consumer.isSuspending() || consumer.isSuspended();
    }
    return false;
  }

  /**
   * Once, after the first poll: asks the source's planner whether a batch is read through indexes
   * ({@link AdapterPlan}) and warns when a table is read whole, unless the adapter says that is by
   * design. A report, never a reason to fail a poll.
   */
  private void checkPlan(Watermark since, DataSource source) {
    try (Connection c = source.getConnection()) {
      tablesReadWhole = AdapterPlan.tablesReadWhole(c, adapter, since, settings.batchSize());
    } catch (SQLException | RuntimeException e) {
      progress.warn("{}: could not ask the source how it reads a batch ({})", routeId(),
          e instanceof SQLException sql ? sql.getSQLState() : e.getClass().getSimpleName());
      return;
    }
    if (!tablesReadWhole.isEmpty() && !adapter.wholeReadsExpected()) {
      progress.warn("{}: no index on the source serves this adapter's batches: each poll reads {} whole."
          + " Ask for an index on the change stamp and key, as the adapter's where clause writes them,"
          + " and on the columns it looks rows up by (README, Adding a hospital)", routeId(), tablesReadWhole);
    }
  }

  /**
   * This route's backfill progress: rows done and to do, rate, time left; and, once the first poll
   * has asked, the source tables a batch reads whole ({@code tablesReadWhole}, empty when indexes
   * serve it) and whether the adapter expects that ({@code wholeReadsExpected}).
   */
  public Map<String, Object> progress() {
    Map<String, Object> snapshot = backfill.snapshot();
    Set<String> whole = tablesReadWhole;
    if (whole != null) {
      snapshot.put("tablesReadWhole", List.copyOf(whole));
      snapshot.put("wholeReadsExpected", adapter.wholeReadsExpected());
    }
    return snapshot;
  }

  /**
   * After the write: the batch's dead letters (with their rows), resolved dead letters, quality
   * issues, and the rows as handled.
   */
  private Batch record(Batch batch, List<R> read) {
    List<Rejected> rejected = batch.rejected();
    if (rejected.stream().anyMatch(r -> r.payload() == null)) {
      // Records the FHIR server refused: keep their rows too, for a replay.
      Map<SourceKey, R> rows = new java.util.HashMap<>();
      for (R row : read) {
        rows.put(entity.key().apply(row), row);
      }
      rejected = rejected.stream()
          .map(r -> r.payload() != null || !rows.containsKey(r.key()) ? r
              : new Rejected(r.key(), r.reason(), r.message(), RowPayloads.of(binder, rows.get(r.key()))))
          .toList();
    }
    deadLetters.record(routeId(), rejected);
    int resolved = deadLetters.resolve(batch.mapped());
    if (resolved > 0) {
      progress.info("{}: {} dead letters resolved by the source", routeId(), resolved);
    }
    qualityIssues.record(batch.mapped());
    seen.record(routeId(), read.stream().map(entity.watermark()).filter(w -> w.key() != null).toList());
    return batch;
  }

  /**
   * Replays a dead letter's row (kept as {@link RowPayloads}) through this route's mapping and
   * writer, e.g. after its code map was completed: true when it is now written.
   */
  public boolean replay(byte[] payload) {
    R row = binder.bind(RowPayloads.columns(payload));
    Batch batch = map(List.of(row), Watermark.START);
    return record(writer.write(batch), List.of(row)).rejected().isEmpty();
  }

  private static Batch batch(Exchange exchange) {
    return exchange.getIn().getBody(Batch.class);
  }
}
