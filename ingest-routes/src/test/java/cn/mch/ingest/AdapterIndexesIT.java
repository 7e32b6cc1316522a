package cn.mch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.demo.population.Population;
import cn.mch.demo.population.PopulationGenerator;
import cn.mch.demo.sources.SyntheticSources;
import cn.mch.localpg.LocalPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
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
 * Every SQL adapter, on its demo source's schema, reads a batch through indexes: the rows after
 * the watermark in change order, and what each row looks up or joins (a visit's booking by
 * patient, a newborn's delivery). With sequential scans, hash joins and merge joins switched off,
 * PostgreSQL still scans a table whole (a sequential scan, or an index walked end to end with no
 * condition) only when no index serves the query, so a plan with such a scan names a missing
 * index. Without them each batch of a backfill sorted every row after the watermark and each visit
 * scanned every booking (docs/benchmarks.md, fifteenth session). The S population is in the
 * tables so that the planner weighs real sizes.
 */
class AdapterIndexesIT {

  /** Sources whose adapters are checked, each with its demo database and schema. */
  private static final List<String> SOURCES = List.of("hospital-a", "hospital-b", "child-health", "marriage-registry", "birth-registry");

  /**
   * A booking's change stamp is the later of its own and its delivery's, which no index orders:
   * its adapter reads every booking on each poll (a few milliseconds at 9,000 mothers).
   */
  private static final Set<String> WHOLE_BY_DESIGN = Set.of("hospital-a/bookings.sql", "hospital-b/bookings.sql");

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
    List<String> wholeScans = new ArrayList<>();
    for (String source : SOURCES) {
      for (Path adapter : adapters(source)) {
        String name = source + "/" + adapter.getFileName();
        if (WHOLE_BY_DESIGN.contains(name)) {
          continue;
        }
        checked.add(name);
        for (String scan : wholeScans(database(source), Files.readString(adapter, StandardCharsets.UTF_8))) {
          wholeScans.add(name + ": " + scan);
        }
      }
    }
    assertEquals(20, checked.size(), "adapters checked: " + checked);
    assertTrue(wholeScans.isEmpty(), "adapters that read a table whole for one batch:\n" + String.join("\n", wholeScans));
  }

  @Test
  void aTableWithoutTheIndexIsFound() throws Exception {
    // The check itself: the same adapter on a copy of its table without indexes.
    try (Connection c = postgres.dataSource("child_health").getConnection(); Statement s = c.createStatement()) {
      s.execute("create schema if not exists bare");
      s.execute("create table if not exists bare.child (like public.child including defaults)");
    }
    String adapter = Files.readString(adapters("child-health").stream()
        .filter(p -> p.getFileName().toString().equals("children.sql")).findFirst().orElseThrow(), StandardCharsets.UTF_8);
    assertEquals(List.of("Seq Scan on child"), wholeScans("child_health", adapter, "set search_path = bare"));
  }

  /** The scans in the adapter's plan for a backfill's first batch that read a whole table. */
  private static List<String> wholeScans(String database, String adapter, String... settings) throws SQLException, IOException {
    String sql = adapter
        .replace(":#since_ts", "timestamptz '-infinity'")
        .replace(":#since_key", "'K'")
        .replace(":#batch_size", "200");
    try (Connection c = postgres.dataSource(database).getConnection(); Statement s = c.createStatement()) {
      s.execute("set enable_seqscan = off");
      s.execute("set enable_hashjoin = off");
      s.execute("set enable_mergejoin = off");
      for (String setting : settings) {
        s.execute(setting);
      }
      try (ResultSet plan = s.executeQuery("explain (format json) " + sql)) {
        plan.next();
        List<String> whole = new ArrayList<>();
        collectWholeScans(new ObjectMapper().readTree(plan.getString(1)).get(0).get("Plan"), whole);
        return whole;
      }
    }
  }

  private static void collectWholeScans(JsonNode node, List<String> whole) {
    String type = node.path("Node Type").asText();
    String relation = node.path("Relation Name").asText();
    boolean indexWalk = type.equals("Index Scan") || type.equals("Index Only Scan");
    if (type.equals("Seq Scan") || (indexWalk && !node.has("Index Cond"))) {
      whole.add(type + " on " + relation + (node.has("Index Name") ? " using " + node.get("Index Name").asText() : ""));
    }
    for (JsonNode child : node.path("Plans")) {
      collectWholeScans(child, whole);
    }
  }

  private static List<Path> adapters(String source) throws IOException {
    try {
      Path directory = Path.of(AdapterIndexesIT.class.getResource("/sql/" + source).toURI());
      try (Stream<Path> files = Files.list(directory)) {
        return files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String database(String source) {
    return source.replace('-', '_');
  }
}
