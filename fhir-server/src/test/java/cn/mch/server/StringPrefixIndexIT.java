package cn.mch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import cn.mch.mappings.identity.Persons;
import cn.mch.server.person.PersonLinkage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A name search reads the rows of the names that start with the searched value, not those of every
 * name that shares its first character (the surname): {@link StringPrefixIndex}.
 */
class StringPrefixIndexIT {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final String GIVEN = "秀英芳娟敏静丽强磊军洋勇艳杰娜涛明超兰霞";
  /** HAPI's statement for a string search, as it sends it (pg_stat_statements of a benchmark run). */
  private static final String SEARCH = "SELECT t0.RES_ID FROM HFJ_SPIDX_STRING t0"
      + " WHERE ((t0.HASH_NORM_PREFIX = $1) AND (t0.SP_VALUE_NORMALIZED LIKE $2)) fetch first $3 rows only";

  @TempDir static Path dataDirectory;
  private static ConfigurableApplicationContext server;
  private static IGenericClient client;
  private static DataSource dataSource;

  @BeforeAll
  static void start() throws Exception {
    server = new SpringApplicationBuilder(FhirServerApplication.class)
        .run("--server.port=0", "--mch.embedded-postgres.data-directory=" + dataDirectory.resolve("postgres"));
    int port = ((WebServerApplicationContext) server).getWebServer().getPort();
    client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
    dataSource = server.getBean(DataSource.class);
    // 400 women named 王 (the surname, one first character for all), one transaction.
    Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (int i = 0; i < GIVEN.length(); i++) {
      for (int j = 0; j < GIVEN.length(); j++) {
        Patient patient = new Patient();
        patient.setId("wang-" + i + "-" + j);
        patient.setGender(AdministrativeGender.FEMALE);
        String given = "" + GIVEN.charAt(i) + GIVEN.charAt(j);
        patient.addName(new HumanName().setText("王" + given).setFamily("王").addGiven(given));
        transaction.addEntry().setResource(patient)
            .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/" + patient.getId());
      }
    }
    client.transaction().withBundle(transaction).execute();
    // Person linkage writes a person record (a Patient with the same name) for each: wait for it,
    // so that every test sees the same store.
    server.getBean(PersonLinkage.class).awaitIdle(Duration.ofMinutes(2));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aNameSearchFindsTheNamesThatStartWithItOnly() {
    Bundle found = client.search().forResource(Patient.class).where(Patient.NAME.matches().value("王秀英"))
        .returnBundle(Bundle.class).execute();
    assertEquals(List.of("wang-0-1"), sourceIds(found));
    assertEquals(2, found.getEntry().size(), "the source Patient and its person record");
    Bundle two = client.search().forResource(Patient.class).where(Patient.NAME.matches().value("王秀"))
        .count(50).returnBundle(Bundle.class).execute();
    List<String> expected = new ArrayList<>();
    for (int j = 0; j < GIVEN.length(); j++) {
      expected.add("wang-0-" + j); // 王秀 + each given character
    }
    List<String> sources = sourceIds(two).stream().sorted().toList();
    assertEquals(expected.stream().sorted().toList(), sources);
    for (var entry : two.getEntry()) {
      Patient patient = (Patient) entry.getResource();
      assertTrue(patient.getName().stream().anyMatch(n -> n.getText() != null && n.getText().startsWith("王秀")),
          patient.getIdElement().getIdPart());
    }
  }

  @Test
  void theStatementHapiSendsReadsOnlyTheRowsStartingWithTheValue() throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("analyze hfj_spidx_string"); // statistics, as autovacuum keeps them
      long hash;
      try (ResultSet row = statement.executeQuery(
          "select hash_norm_prefix from hfj_spidx_string where res_type = 'Patient' and sp_name = 'name'"
              + " and sp_value_normalized = '王秀英'")) {
        assertTrue(row.next());
        hash = row.getLong(1);
      }
      statement.execute("prepare search(bigint, varchar, int) as " + SEARCH);
      // After five executions PostgreSQL may keep a generic plan for the statement, with the
      // pattern unknown: the plan of the tenth is the one HAPI's repeated searches get.
      for (int i = 0; i < 9; i++) {
        statement.execute("execute search(" + hash + ", '王秀英%', 2001)");
      }
      JsonNode scan = scan(plan(statement, "explain (analyze, format json) execute search(" + hash + ", '王秀英%', 2001)"));
      assertEquals(StringPrefixIndex.NAME, scan.path("Index Name").asText(), scan.toString());
      long read = scan.path("Actual Rows").asLong() + scan.path("Rows Removed by Filter").asLong();
      long matching = count(statement, "hash_norm_prefix = " + hash + " and sp_value_normalized like '王秀英%'");
      long samePrefix = count(statement, "hash_norm_prefix = " + hash);
      assertTrue(samePrefix >= 2L * GIVEN.length() * GIVEN.length(), "rows sharing the first character: " + samePrefix);
      assertEquals(matching, read, "rows the search read, of " + samePrefix + " sharing its first character: " + scan);
      statement.execute("deallocate search");
    }
  }

  @Test
  void anIndexLeftInvalidByAnInterruptedBuildIsBuiltAgain() throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      assertEquals(Boolean.TRUE, StringPrefixIndex.valid(connection));
      assertFalse(StringPrefixIndex.ensure(dataSource).built(), "a valid index is left alone");
      statement.execute("drop index " + StringPrefixIndex.NAME);
      // A concurrent build that fails (here: a unique index over duplicate values) leaves its
      // index behind, invalid, as a build interrupted by a crash does.
      try {
        statement.execute("create unique index concurrently " + StringPrefixIndex.NAME + " on hfj_spidx_string (hash_norm_prefix)");
      } catch (java.sql.SQLException expected) {
        // duplicate key
      }
      assertEquals(Boolean.FALSE, StringPrefixIndex.valid(connection));
      assertTrue(StringPrefixIndex.ensure(dataSource).built());
      assertEquals(Boolean.TRUE, StringPrefixIndex.valid(connection));
    }
    aNameSearchFindsTheNamesThatStartWithItOnly();
  }

  @Test
  void twoNodesStartingTogetherBuildTheIndexOnce() throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("drop index " + StringPrefixIndex.NAME);
      // A third node holds the lock: both wait for it, then race for it when it is let go.
      statement.execute("select pg_advisory_lock(" + StringPrefixIndex.LOCK + ")");
      ExecutorService nodes = Executors.newFixedThreadPool(2);
      try {
        List<Future<StringPrefixIndex>> starts = List.of(
            nodes.submit(() -> StringPrefixIndex.ensure(dataSource)), nodes.submit(() -> StringPrefixIndex.ensure(dataSource)));
        Thread.sleep(1500);
        assertFalse(starts.get(0).isDone() || starts.get(1).isDone(), "a node built while another held the lock");
        assertEquals(null, StringPrefixIndex.valid(connection));
        statement.execute("select pg_advisory_unlock(" + StringPrefixIndex.LOCK + ")");
        int built = 0;
        for (Future<StringPrefixIndex> start : starts) {
          built += start.get(2, TimeUnit.MINUTES).built() ? 1 : 0;
        }
        assertEquals(1, built, "nodes that built the index");
      } finally {
        nodes.shutdownNow();
      }
      assertEquals(Boolean.TRUE, StringPrefixIndex.valid(connection));
    }
    aNameSearchFindsTheNamesThatStartWithItOnly();
  }

  private static long count(Statement statement, String where) throws Exception {
    try (ResultSet result = statement.executeQuery("select count(*) from hfj_spidx_string where " + where)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static JsonNode plan(Statement statement, String explain) throws Exception {
    try (ResultSet result = statement.executeQuery(explain)) {
      result.next();
      return new ObjectMapper().readTree(result.getString(1)).get(0).get("Plan");
    }
  }

  /** The node that reads hfj_spidx_string. */
  private static JsonNode scan(JsonNode node) {
    if ("hfj_spidx_string".equals(node.path("Relation Name").asText())) {
      return node;
    }
    for (JsonNode child : node.path("Plans")) {
      JsonNode found = scan(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The ids of the Patients found, person records left out. */
  private static List<String> sourceIds(Bundle bundle) {
    List<String> ids = new ArrayList<>();
    bundle.getEntry().stream().filter(e -> !Persons.isPerson((Patient) e.getResource()))
        .forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
    return ids;
  }
}
