package cn.mch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.demo.population.Population;
import cn.mch.demo.population.PopulationGenerator;
import cn.mch.demo.sources.SyntheticSources;
import cn.mch.demo.sql.SqlScripts;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.mch.ingest.store.Watermark;
import cn.mch.localpg.LocalPostgres;
import java.nio.file.Path;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every SQL adapter, on its demo source's schema with the S population in it, reads a batch through
 * indexes ({@link AdapterPlan}): the rows after the watermark in change order, and what each row
 * looks up or joins (a visit's booking by patient, a newborn's delivery). Without them each batch of
 * a backfill sorted every row after the watermark and each visit scanned every booking
 * (docs/benchmarks.md, fifteenth session).
 */
class AdapterIndexesIT {

  @TempDir static Path dataDirectory;
  private static LocalPostgres postgres;

  @BeforeAll
  static void start() throws SQLException {
    postgres = LocalPostgres.start(dataDirectory, 0);
    List<Connection> connections = new ArrayList<>();
    try {
      for (String database : SyntheticSources.DATABASE_NAMES) {
        postgres.createDatabaseIfMissing(database);
        connections.add(postgres.dataSource(database).getConnection());
      }
      var db = SyntheticSources.databases(connections);
      SyntheticSources.createSchemas(db);
      Population population = new PopulationGenerator(20240630, Population.Size.S.women, LocalDate.of(2024, 6, 30)).generate();
      SyntheticSources.write(population, db, 0.03);
      for (Connection c : connections) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("analyze");
        }
      }
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @Test
  void everyAdapterReadsItsBatchThroughIndexes() throws Exception {
    List<String> checked = new ArrayList<>();
    List<String> wholeReads = new ArrayList<>();
    for (String name : ShippedAdapters.all()) {
      AdapterSql adapter = AdapterSql.load("sql/" + name);
      try (Connection c = postgres.dataSource(SyntheticSources.databaseOf(ShippedAdapters.source(name))).getConnection()) {
        Set<String> whole = AdapterPlan.tablesReadWhole(c, adapter, Watermark.START, 200);
        if (!whole.isEmpty() || adapter.wholeReadsExpected()) {
          wholeReads.add(name + ": " + whole + (adapter.wholeReadsExpected() ? ", says it reads whole" : ""));
        }
      }
      checked.add(name);
    }
    assertEquals(22, checked.size(), "adapters checked: " + checked);
    assertTrue(wholeReads.isEmpty(), "adapters that read a table whole for one batch:\n" + String.join("\n", wholeReads));
  }

  @Test
  void aTableWithoutTheIndexIsFound() throws Exception {
    try (Connection c = postgres.dataSource("child_health").getConnection(); Statement s = c.createStatement()) {
      // Paging no index serves, said so in the adapter's comments.
      AdapterSql localTime = AdapterSql.load("adapters/children-local-time.sql");
      assertTrue(localTime.wholeReadsExpected());
      assertEquals(Set.of("child"), AdapterPlan.tablesReadWhole(c, localTime, Watermark.START, 200));
      // The shipped adapter on a copy of its table without indexes.
      s.execute("create schema if not exists bare");
      s.execute("create table if not exists bare.child (like public.child including defaults)");
      s.execute("set search_path = bare");
      AdapterSql children = AdapterSql.load("sql/child-health/children.sql");
      assertFalse(children.wholeReadsExpected());
      assertEquals(Set.of("child"), AdapterPlan.tablesReadWhole(c, children, Watermark.START, 200));
      assertTrue(c.getAutoCommit(), "the connection is left as it was");
    }
  }

  @Test
  void aRouteSaysAtItsFirstPollWhichTableItReadsWhole() throws Exception {
    // Hospital A's schema, empty, without the lab results' paging index; no FHIR server is needed
    // (an empty poll writes nothing, so it commits and asks).
    postgres.createDatabaseIfMissing("ingest");
    postgres.createDatabaseIfMissing("hospital_bare");
    try (Connection c = postgres.dataSource("hospital_bare").getConnection(); Statement s = c.createStatement()) {
      SqlScripts.run(c, "/demo/hospital-a/schema.sql");
      s.execute("drop index lab_result_updated");
    }
    IngestSettings settings = TestIngestSettings.hospitalA(postgres, "hospital_bare", Map.of());

    Logger logger = (Logger) LoggerFactory.getLogger(PollingRoute.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (IngestRuntime ingest = IngestRuntime.create(settings)) {
      ingest.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Map<String, Object> labs = null;
      while (System.nanoTime() < deadline) {
        List<Map<String, Object>> progress = ingest.progress();
        if (progress.stream().allMatch(route -> route.containsKey("tablesReadWhole"))) {
          labs = progress.stream().filter(route -> route.get("route").equals("hospital-a-lab-results")).findFirst().orElseThrow();
          for (Map<String, Object> route : progress) {
            if (route != labs) {
              assertEquals(route.get("wholeReadsExpected"), !((List<?>) route.get("tablesReadWhole")).isEmpty(), route.toString());
            }
          }
          break;
        }
        Thread.sleep(100);
      }
      assertNotNull(labs, "every route asked the source within a minute");
      assertEquals(List.of("lab_result"), labs.get("tablesReadWhole"));
      assertEquals(false, labs.get("wholeReadsExpected"));
    } finally {
      logger.detachAppender(logged);
    }
    List<String> warnings = warnings(logged, "no index on the source");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("hospital-a-lab-results: no index on the source serves this adapter's batches:"
        + " each poll reads [lab_result] whole."), warnings.get(0));
  }

  @Test
  void aRouteWhoseSourceCannotBeAskedWarnsOnceAndStillPolls() throws Exception {
    // A source that runs the adapters but refuses explain (as a database other than PostgreSQL
    // would): each route warns once, its progress says nothing of whole reads, and it goes on.
    postgres.createDatabaseIfMissing("ingest_refused");
    postgres.createDatabaseIfMissing("hospital_refusing");
    try (Connection c = postgres.dataSource("hospital_refusing").getConnection()) {
      SqlScripts.run(c, "/demo/hospital-a/schema.sql");
    }
    IngestSettings settings = TestIngestSettings.hospitalA(postgres, "hospital_refusing",
        Map.of("ingest.platform-db.url", postgres.jdbcUrl("ingest_refused")));
    String name = settings.hospitals().get(0).dataSourceName();

    Logger logger = (Logger) LoggerFactory.getLogger(PollingRoute.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    List<String> warnings;
    try (IngestRuntime ingest = IngestRuntime.create(settings)) {
      var registry = ingest.camelContext().getRegistry();
      DataSource real = registry.lookupByNameAndType(name, DataSource.class);
      registry.unbind(name);
      registry.bind(name, DataSource.class, refusingExplain(real));
      ingest.start();
      int routes = ingest.pollingRouteIds().size();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      do {
        Thread.sleep(100);
        warnings = warnings(logged, "could not ask the source");
      } while (warnings.size() < routes && System.nanoTime() < deadline);
      // Polls after the first do not ask again.
      Thread.sleep(500);
      warnings = warnings(logged, "could not ask the source");
      assertEquals(routes, warnings.size(), "one warning per route: " + warnings);
      for (String routeId : ingest.pollingRouteIds()) {
        assertTrue(warnings.contains(routeId + ": could not ask the source how it reads a batch (0A000)"), routeId + " in " + warnings);
      }
      for (Map<String, Object> route : ingest.progress()) {
        assertFalse(route.containsKey("tablesReadWhole"), route.toString());
      }
      for (String routeId : ingest.pollingRouteIds()) {
        assertTrue(ingest.camelContext().getRouteController().getRouteStatus(routeId).isStarted(), routeId);
      }
    } finally {
      logger.detachAppender(logged);
    }
    assertTrue(logged.list.stream().noneMatch(e -> e.getLevel() == Level.ERROR), "no route failed");
  }

  /** The warnings logged so far whose message contains {@code text}. */
  private static List<String> warnings(ListAppender<ILoggingEvent> logged, String text) {
    return logged.list.stream()
        .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(text))
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** {@code real}, except that it refuses {@code explain}, as a source that has no such statement. */
  private static DataSource refusingExplain(DataSource real) {
    return (DataSource) Proxy.newProxyInstance(AdapterIndexesIT.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = call(method, real, args);
          return method.getName().equals("getConnection") ? refusingExplain((Connection) result) : result;
        });
  }

  private static Connection refusingExplain(Connection real) {
    return (Connection) Proxy.newProxyInstance(AdapterIndexesIT.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement") && ((String) args[0]).startsWith("explain")) {
            throw new SQLException("explain is not supported", "0A000");
          }
          return call(method, real, args);
        });
  }

  private static Object call(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
