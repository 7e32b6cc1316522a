package cn.mch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.demo.population.Population;
import cn.mch.demo.population.PopulationGenerator;
import cn.mch.demo.sources.SyntheticSources;
import cn.mch.ingest.store.Watermark;
import cn.mch.localpg.LocalPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SQL adapter, on its demo source's schema with the S population in it, reads a batch through
 * indexes ({@link AdapterPlan}): the rows after the watermark in change order, and what each row
 * looks up or joins (a visit's booking by patient, a newborn's delivery). Without them each batch of
 * a backfill sorted every row after the watermark and each visit scanned every booking
 * (docs/benchmarks.md, fifteenth session). Only the adapters whose comments say so read whole.
 */
class AdapterIndexesIT {

  /** Sources whose adapters are checked; the demo database of each is its name in snake case. */
  private static final List<String> SOURCES = List.of("hospital-a", "hospital-b", "child-health", "marriage-registry", "birth-registry");

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
  void everyAdapterReadsItsBatchThroughIndexesButThoseThatSayOtherwise() throws Exception {
    List<String> checked = new ArrayList<>();
    List<String> wholeReads = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (String source : SOURCES) {
      for (String name : adapters(source)) {
        AdapterSql adapter = AdapterSql.load("sql/" + name);
        Set<String> whole;
        try (Connection c = postgres.dataSource(database(source)).getConnection()) {
          whole = AdapterPlan.tablesReadWhole(c, adapter, Watermark.START, 200);
        }
        checked.add(name);
        if (adapter.wholeReadsExpected()) {
          assertFalse(whole.isEmpty(), name + " says it reads whole, and does not");
          expected.add(name);
        } else if (!whole.isEmpty()) {
          wholeReads.add(name + ": " + whole);
        }
      }
    }
    assertEquals(22, checked.size(), "adapters checked: " + checked);
    assertTrue(wholeReads.isEmpty(), "adapters that read a table whole for one batch:\n" + String.join("\n", wholeReads));
    // A booking's change stamp is the later of its own and its delivery's, which no index orders.
    assertEquals(List.of("hospital-a/bookings.sql", "hospital-b/bookings.sql"), expected);
  }

  @Test
  void aTableWithoutTheIndexIsFound() throws Exception {
    // The same adapter on a copy of its table without indexes.
    try (Connection c = postgres.dataSource("child_health").getConnection(); Statement s = c.createStatement()) {
      s.execute("create schema if not exists bare");
      s.execute("create table if not exists bare.child (like public.child including defaults)");
      s.execute("set search_path = bare");
      assertEquals(Set.of("child"), AdapterPlan.tablesReadWhole(c, AdapterSql.load("sql/child-health/children.sql"), Watermark.START, 200));
      assertTrue(c.getAutoCommit(), "the connection is left as it was");
    }
  }

  /** The adapters of a source, as {@code <source>/<file>}, in name order. */
  private static List<String> adapters(String source) throws IOException {
    try {
      Path directory = Path.of(AdapterIndexesIT.class.getResource("/sql/" + source).toURI());
      try (Stream<Path> files = Files.list(directory)) {
        return files.map(p -> source + "/" + p.getFileName()).filter(n -> n.endsWith(".sql")).sorted().toList();
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String database(String source) {
    return source.replace('-', '_');
  }
}
