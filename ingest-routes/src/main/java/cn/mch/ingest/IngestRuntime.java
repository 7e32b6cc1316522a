package cn.mch.ingest;

import ca.uhn.fhir.context.FhirContext;
import cn.mch.ingest.fhir.FhirWriter;
import cn.mch.ingest.registry.RegistryEntities;
import cn.mch.ingest.hospital.HospitalEntities;
import cn.mch.ingest.admin.DeadLetterApiRoute;
import cn.mch.ingest.admin.DeadLetterReplay;
import cn.mch.ingest.admin.ProgressApiRoute;
import cn.mch.ingest.push.CsvDropRoute;
import cn.mch.ingest.push.FhirPushRoute;
import cn.mch.ingest.push.MllpRoute;
import cn.mch.ingest.push.RecordSink;
import cn.mch.ingest.rows.RowBinder;
import cn.mch.ingest.store.DeadLetters;
import cn.mch.ingest.store.FileReports;
import cn.mch.ingest.store.PayloadCipher;
import cn.mch.ingest.store.QualityIssues;
import cn.mch.ingest.store.SeenRows;
import cn.mch.ingest.store.PlatformDatabase;
import cn.mch.ingest.store.Watermarks;
import cn.mch.mappings.ResourceIds;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ingest node: a Camel context with one polling route per hospital and entity, the platform
 * database for its state, and a FHIR client. Runs inside the platform process or on its own
 * ({@link IngestApplication}).
 */
public final class IngestRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestRuntime.class);

  private final CamelContext camel;
  private final List<HikariDataSource> dataSources;
  private final Watermarks watermarks;
  private final List<String> routeIds;
  private final DeadLetterReplay replay;
  private final List<PollingRoute<?>> pollingRoutes;
  private final PhaseTimes times;

  private IngestRuntime(
      CamelContext camel, List<HikariDataSource> dataSources, Watermarks watermarks, List<String> routeIds,
      DeadLetterReplay replay, List<PollingRoute<?>> pollingRoutes, PhaseTimes times) {
    this.replay = replay;
    this.times = times;
    this.pollingRoutes = List.copyOf(pollingRoutes);
    this.camel = camel;
    this.dataSources = dataSources;
    this.watermarks = watermarks;
    this.routeIds = routeIds;
  }

  /** Builds the routes; {@link #start()} starts polling. */
  public static IngestRuntime create(IngestSettings settings) throws Exception {
    List<HikariDataSource> dataSources = new ArrayList<>();
    HikariDataSource platform =
        pool("platform-db", settings.platformJdbcUrl(), settings.platformUsername(), settings.platformPassword(), 4);
    dataSources.add(platform);
    PlatformDatabase.migrate(platform);
    Watermarks watermarks = new Watermarks(platform);
    DeadLetters deadLetters = new DeadLetters(platform, new PayloadCipher(settings.idSecret().getBytes(StandardCharsets.UTF_8)));
    QualityIssues qualityIssues = new QualityIssues(platform);
    SeenRows seenRows = new SeenRows(platform);
    ResourceIds ids = new ResourceIds(settings.idSecret().getBytes(StandardCharsets.UTF_8));
    FhirWriter writer = new FhirWriter(FhirContext.forR4(), settings.fhirBaseUrl(), settings.concurrentWrites(), settings.ingestKey());

    DefaultCamelContext camel = new DefaultCamelContext();
    camel.getCamelContextExtension().setName("mch-ingest");
    // Bodies hold personal data: keep them out of message history and error logs.
    camel.setMessageHistory(false);
    camel.getShutdownStrategy().setTimeout(60);
    camel.addRoutes(new IngestErrorHandling(settings.maximumRedeliveries(), settings.redeliveryDelayMs()));

    PushSettings push = settings.push();
    RecordSink sink = new RecordSink(writer, deadLetters, qualityIssues);
    FileReports fileReports = new FileReports(platform);
    List<String> routeIds = new ArrayList<>();
    Map<String, DeadLetterReplay.Channel> channels = new LinkedHashMap<>();
    List<PollingRoute<?>> pollingRoutes = new ArrayList<>();
    PhaseTimes times = new PhaseTimes();
    Map<SourceConnection, List<PolledEntity<?>>> sources = new LinkedHashMap<>();
    settings.hospitals().forEach(h -> sources.put(h, HospitalEntities.of(h, ids)));
    settings.registries().forEach(r -> sources.put(r, RegistryEntities.of(r, ids)));
    for (var entry : sources.entrySet()) {
      SourceConnection connection = entry.getKey();
      HikariDataSource source =
          pool(connection.dataSourceName(), connection.jdbcUrl(), connection.username(), connection.password(), 2);
      source.setReadOnly(true);
      dataSources.add(source);
      camel.getRegistry().bind(connection.dataSourceName(), source);
      for (PolledEntity<?> entity : entry.getValue()) {
        PollingRoute<?> route = new PollingRoute<>(entity, settings.polling(), watermarks, deadLetters, qualityIssues, writer, seenRows, times);
        camel.addRoutes(route);
        routeIds.add(route.routeId());
        channels.put(route.routeId(), stored -> route.replay(stored.payload()));
        pollingRoutes.add(route);
        if (push.dropDir() != null) {
          CsvDropRoute<?> drop = dropFolder(camel, connection.code(), entity, settings, sink, fileReports);
          routeIds.add(drop.routeId());
          channels.put(drop.routeId(), stored -> drop.replay(stored.payload()));
        }
      }
    }
    // The hospitals that may push, code to name.
    Map<String, String> senders = new LinkedHashMap<>();
    settings.hospitals().forEach(h -> senders.put(h.code(), h.name()));
    if (push.httpPort() != null) {
      // A hospital's own FHIR, not the mappings' output: the server validates it.
      RecordSink checked = new RecordSink(writer.checkedByServer(), deadLetters, qualityIssues);
      FhirPushRoute route = new FhirPushRoute(push.httpPort(), senders, FhirContext.forR4Cached(), ids, checked);
      camel.addRoutes(route);
      routeIds.add(FhirPushRoute.ROUTE_ID);
      channels.put(FhirPushRoute.ROUTE_ID, stored -> route.push(stored.entry().source(), stored.payload()).complete());
    }
    if (push.mllpPort() != null) {
      MllpRoute route = new MllpRoute(push.mllpPort(), senders, ids, StandardCharsets.UTF_8, settings.polling().sourceZone(), sink);
      camel.addRoutes(route);
      routeIds.add(MllpRoute.ROUTE_ID);
      channels.put(MllpRoute.ROUTE_ID, stored -> route.receive(stored.payload()).contains("MSA|AA|"));
    }
    DeadLetterReplay replay = new DeadLetterReplay(deadLetters, channels);
    if (push.httpPort() != null) {
      camel.addRoutes(new DeadLetterApiRoute(push.httpPort(), replay));
      routeIds.add(DeadLetterApiRoute.ROUTE_ID);
      camel.addRoutes(new ProgressApiRoute(push.httpPort(), () -> pollingRoutes.stream().map(PollingRoute::progress).toList()));
      routeIds.add(ProgressApiRoute.ROUTE_ID);
    }
    log.info("Ingest routes {} for {}", routeIds, settings);
    return new IngestRuntime(camel, dataSources, watermarks, routeIds, replay, pollingRoutes, times);
  }

  private static <R extends Record> CsvDropRoute<R> dropFolder(
      CamelContext camel, String source, PolledEntity<R> entity, IngestSettings settings, RecordSink sink, FileReports reports)
      throws Exception {
    PushSettings push = settings.push();
    CsvDropRoute<R> route = new CsvDropRoute<>(
        source, entity, push.dropDir(), push.dropCharset(), settings.polling().batchSize(), push.dropPollMs(),
        new RowBinder<>(entity.rowType(), settings.polling().sourceZone()), sink, reports);
    camel.addRoutes(route);
    return route;
  }

  private static HikariDataSource pool(String name, String url, String user, String password, int size) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setPoolName(name);
    dataSource.setJdbcUrl(url);
    dataSource.setUsername(user);
    dataSource.setPassword(password);
    dataSource.setMaximumPoolSize(size);
    // A database that is down must not stop the node from starting: routes retry.
    dataSource.setInitializationFailTimeout(-1);
    return dataSource;
  }

  public IngestRuntime start() {
    camel.start();
    return this;
  }

  public CamelContext camelContext() {
    return camel;
  }

  public Watermarks watermarks() {
    return watermarks;
  }

  /** The ids of the polling routes, one per source and entity (not their sweeps, drop folders or pushes). */
  public List<String> pollingRouteIds() {
    return pollingRoutes.stream().map(PollingRoute::routeId).toList();
  }

  /** Time spent per step of the polling routes, summed over routes. */
  public PhaseTimes phaseTimes() {
    return times;
  }

  /** Backfill progress of every polling route. */
  public List<Map<String, Object>> progress() {
    return pollingRoutes.stream().map(PollingRoute::progress).toList();
  }

  /** Dead letters: list and replay (also over HTTP, beside the push endpoint). */
  public DeadLetterReplay deadLetters() {
    return replay;
  }

  public List<String> routeIds() {
    return routeIds;
  }

  /** Stops polling gracefully (in-flight batches finish or commit nothing), then the pools. */
  @Override
  public void close() {
    camel.stop();
    dataSources.forEach(HikariDataSource::close);
  }
}
