package cn.mch.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import cn.mch.demo.sources.SyntheticSources;
import cn.mch.ingest.IngestRuntime;
import cn.mch.ingest.PollsDone;
import cn.mch.localpg.LocalPostgres;
import cn.mch.mappings.FhirSystems;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault test. The S population of all five sources is ingested through a FHIR server running
 * as its own process, which is killed with SIGKILL three times, while the PostgreSQL under it all
 * is restarted twice and the ingest node stopped and started once, at seeded random moments;
 * meanwhile hospital A's prenatal visits are dropped
 * again as a CSV export and its patients sent again as HL7 ADT^A08 over MLLP. At the end every
 * source record the generator's truth expects is there exactly once (one Provenance per source
 * key, none missing, none extra), and the dead letters are exactly the injected faults, each once.
 */
class FaultToleranceIT {

  private static final long SEED = 20241123;
  private static final String SECRET = "fault-test-id-secret";
  private static final CacheControlDirective NO_CACHE = new CacheControlDirective().setNoCache(true);

  @TempDir static Path dataDirectory;

  @Test
  void nothingIsLostOrDuplicatedWhileTheServerIsKilledAndTheDatabaseRestarted() throws Exception {
    long started = System.nanoTime();
    Random random = new Random(SEED);
    int pgPort = freePort();
    int fhirPort = freePort();
    int mllpPort = freePort();
    // S by default; MCH_FAULT_WOMEN=3000 runs it at M (a documented command, not the default suite).
    int women = Integer.parseInt(System.getenv().getOrDefault("MCH_FAULT_WOMEN", "300"));
    PlatformSettings settings = new PlatformSettings(dataDirectory, pgPort, fhirPort, "/fhir", SECRET, women, 7,
        LocalDate.of(2024, 6, 30), 0.03, 500, 0, mllpPort, 20_000);
    Path pgData = dataDirectory.resolve("postgres");
    LocalPostgres postgres = LocalPostgres.start(pgData, pgPort);
    postgres.createDatabaseIfMissing(Platform.FHIR_DATABASE);
    postgres.createDatabaseIfMissing(Platform.INGEST_DATABASE);
    Platform.fillDemoSources(postgres, settings);
    String jdbcFhir = postgres.jdbcUrl(Platform.FHIR_DATABASE);
    String user = postgres.username();
    String fhirBase = "http://localhost:" + fhirPort + "/fhir";

    FhirServerProcess server = new FhirServerProcess(fhirPort, jdbcFhir, user, dataDirectory.resolve("fhir-server.log"));
    server.start();
    // The server process has no ingest key: it validates every write.
    IngestRuntime ingest = IngestRuntime.create(Platform.ingestSettings(postgres, settings, fhirBase, "")).start();
    int kills = 0;
    int restarts = 0;
    int ingestRestarts = 0;
    AtomicInteger mllpSent = new AtomicInteger();
    long late = 0;
    Thread resend = null;
    try {
      List<String> events =
          new ArrayList<>(List.of("kill", "kill", "kill", "restart-postgres", "restart-postgres", "restart-ingest"));
      Collections.shuffle(events, random);
      for (int i = 0; i < events.size(); i++) {
        Thread.sleep(10_000 + random.nextInt(30_000));
        if (events.get(i).equals("kill")) {
          server.kill();
          kills++;
          Thread.sleep(1_000 + random.nextInt(4_000));
          server.start();
        } else if (events.get(i).equals("restart-ingest")) {
          // A graceful stop in the middle of a batch: what was not written is not marked done.
          ingest.close();
          ingestRestarts++;
          ingest = IngestRuntime.create(Platform.ingestSettings(postgres, settings, fhirBase, "")).start();
        } else {
          postgres.close();
          restarts++;
          Thread.sleep(1_000 + random.nextInt(4_000));
          postgres = LocalPostgres.start(pgData, pgPort);
        }
        System.out.printf("Fault test: %s at %d s%n", events.get(i), (System.nanoTime() - started) / 1_000_000_000);
        if (i == 1) {
          // Visits committed late with their old stamps (the sweep's work), and the same records
          // again through two push channels, while the faults go on.
          try (Connection hospitalA = postgres.dataSource(SyntheticSources.HOSPITAL_A).getConnection()) {
            late = SyntheticSources.writeLateArrivals(
                new cn.mch.demo.population.PopulationGenerator(settings.demoSeed(), settings.demoWomen(), settings.demoReferenceDate()).generate(),
                new SyntheticSources.Databases(hospitalA, null, null, null, null, null), settings.demoFaultRate());
          }
          dropVisitsAgain(postgres, settings.dropDirectory());
          LocalPostgres source = postgres;
          List<String> messages = patientMessages(source);
          resend = new Thread(() -> messages.forEach(m -> { sendUntilTaken(mllpPort, m); mllpSent.incrementAndGet(); }), "mllp-resend");
          resend.start();
        }
      }
      long scale = Math.max(1, women / 300);
      resend.join(Duration.ofMinutes(15 * scale).toMillis());
      assertEquals(false, resend.isAlive(), "the MLLP resend finished");
      awaitCaughtUp(ingest, settings.dropDirectory(), scale);
      assertEquals(List.of(), PollsDone.watch(ingest.camelContext(), List.of("hospital-a-prenatal-visits-sweep"), 2)
          .await(Duration.ofMinutes(5 * scale)), "the late-row sweep ran");
      awaitCaughtUp(ingest, settings.dropDirectory(), scale);

      // What the truth expects against what the store holds: one Provenance per source record, for
      // every kind of record the truth lists.
      Set<String> tracked = strings(postgres, SyntheticSources.TRUTH, "select distinct source || '|' || entity || '|' from source_record");
      Set<String> expected = strings(postgres, SyntheticSources.TRUTH,
          "select r.source || '|' || r.entity || '|' || r.source_key from source_record r"
              + " where not exists (select 1 from rejection j where (j.source, j.entity, j.source_key)"
              + " = (r.source, r.entity, r.source_key))");
      List<String> all = provenanceKeys(fhirBase);
      List<String> provenances = all.stream().filter(k -> tracked.contains(k.substring(0, k.indexOf('|', k.indexOf('|') + 1) + 1))).toList();
      Set<String> stored = new HashSet<>(provenances);
      Set<String> lost = new TreeSet<>(expected);
      lost.removeAll(stored);
      Set<String> extra = new TreeSet<>(stored);
      extra.removeAll(expected);
      int duplicated = provenances.size() - stored.size();
      Set<String> injected = strings(postgres, SyntheticSources.TRUTH,
          "select source || '|' || entity || '|' || source_key || '|' || reason from rejection");
      List<String> deadLetters = new ArrayList<>(strings(postgres, Platform.INGEST_DATABASE,
          "select source || '|' || entity || '|' || source_key || '|' || reason from ingest_dead_letter"));
      long deadLetterRows = Long.parseLong(strings(postgres, Platform.INGEST_DATABASE, "select count(*) from ingest_dead_letter")
          .iterator().next());
      System.out.printf(
          "Fault test (%d mothers, seed %d): %d SIGKILLs of the FHIR server, %d PostgreSQL restarts, %d ingest-node stops and starts,"
              + " %d late visits, %d CSV lines and"
              + " %d HL7 messages sent again; %d source records expected, %d stored (%d Provenances in all), lost = %d,"
              + " duplicated = %d, extra = %d; dead letters %d (rows %d), injected faults %d; %d s%n",
          women, SEED, kills, restarts, ingestRestarts, late, lineCount(settings.dropDirectory()), mllpSent.get(), expected.size(), stored.size(), all.size(),
          lost.size(), duplicated, extra.size(), deadLetters.size(), deadLetterRows, injected.size(),
          (System.nanoTime() - started) / 1_000_000_000);
      assertTrue(kills >= 3 && restarts >= 2 && ingestRestarts >= 1);
      assertEquals(Set.of(), lost.stream().limit(20).collect(java.util.stream.Collectors.toSet()), "lost records");
      assertEquals(0, duplicated, "duplicated records");
      assertEquals(Set.of(), extra.stream().limit(20).collect(java.util.stream.Collectors.toSet()), "records the truth does not know");
      assertEquals(injected, new HashSet<>(deadLetters), "dead letters are exactly the injected faults");
      assertEquals(injected.size(), deadLetterRows, "each injected fault once");
    } finally {
      if (resend != null) {
        resend.interrupt();
      }
      ingest.close();
      server.kill();
      postgres.close();
    }
  }

  /** Waits until every polling route has polled twice more with nothing left, and the CSV export is done. */
  private static void awaitCaughtUp(IngestRuntime ingest, Path drop, long scale) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(20 * scale).toNanos();
    Path folder = drop.resolve("hospital-a").resolve("prenatal-visits");
    while (System.nanoTime() < deadline) {
      boolean csvDone;
      try (Stream<Path> files = Files.list(folder)) {
        csvDone = files.noneMatch(f -> f.toString().endsWith(".csv"));
      }
      if (csvDone && ingest.progress().stream().noneMatch(p -> Boolean.TRUE.equals(p.get("backfilling")))) {
        boolean all = PollsDone.watch(ingest.camelContext(), ingest.pollingRouteIds(), 2)
            .await(Duration.ofMinutes(5)).isEmpty();
        // Polls that completed without a failure leave no backlog: check once more.
        if (all && ingest.progress().stream().noneMatch(p -> Boolean.TRUE.equals(p.get("backfilling")))
            && Files.list(folder).noneMatch(f -> f.toString().endsWith(".csv"))) {
          return;
        }
      }
      Thread.sleep(2_000);
    }
    throw new AssertionError("ingestion did not catch up");
  }

  /** Hospital A's prenatal visits as its own nightly export would give them: the adapter's columns, as CSV. */
  private static void dropVisitsAgain(LocalPostgres postgres, Path drop) throws Exception {
    StringBuilder csv = new StringBuilder();
    try (Connection c = postgres.dataSource(SyntheticSources.HOSPITAL_A).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(adapter("sql/hospital-a/prenatal-visits.sql"))) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> header = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        header.add(meta.getColumnLabel(i));
      }
      csv.append(String.join(",", header)).append('\n');
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= header.size(); i++) {
          String value = rs.getString(i);
          values.add(value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"");
        }
        csv.append(String.join(",", values)).append('\n');
      }
    }
    Path folder = drop.resolve("hospital-a").resolve("prenatal-visits");
    Path part = folder.resolve("export.csv.part");
    Files.writeString(part, csv.toString());
    Files.move(part, folder.resolve("export.csv"));
  }

  private static long lineCount(Path drop) throws IOException {
    try (Stream<Path> files = Files.walk(drop.resolve("hospital-a").resolve("prenatal-visits"))) {
      List<Path> csv = files.filter(f -> f.getFileName().toString().endsWith("export.csv")).toList();
      return csv.isEmpty() ? 0 : Files.readAllLines(csv.get(0)).size() - 1;
    }
  }

  /** Hospital A's patients as ADT^A08 messages, stamped with the row's change time. */
  private static List<String> patientMessages(LocalPostgres postgres) throws SQLException {
    List<String> messages = new ArrayList<>();
    DateTimeFormatter ts = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    try (Connection c = postgres.dataSource(SyntheticSources.HOSPITAL_A).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(adapter("sql/hospital-a/patients.sql"))) {
      int n = 0;
      while (rs.next()) {
        String stamp = rs.getObject("updated_at", java.time.OffsetDateTime.class)
            .atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")).format(ts) + "+0800";
        String id = rs.getString("resident_id");
        java.sql.Date birth = rs.getDate("birth_date");
        messages.add("MSH|^~\\&|HIS|hospital-a|MCH|PLATFORM|" + stamp + "||ADT^A08^ADT_A01|FT-" + (n++) + "|P|2.5\r"
            + "EVN|A08|" + stamp + "\r"
            + "PID|1||" + rs.getString("patient_no") + "^^^hospital-a^PI" + (id == null ? "" : "~" + id + "^^^^NNCHN")
            + "||" + nullToEmpty(rs.getString("full_name")) + "||"
            + (birth == null ? "" : birth.toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE))
            + "|" + nullToEmpty(rs.getString("sex")) + "|||||" + nullToEmpty(rs.getString("phone")) + "\r");
      }
    }
    return messages;
  }

  /** Sends a message until it is taken (AA, or AE for a record the truth rejects); AR means send again. */
  private static void sendUntilTaken(int port, String message) {
    while (!Thread.currentThread().isInterrupted()) {
      try (Socket socket = new Socket("localhost", port)) {
        socket.setSoTimeout(300_000);
        OutputStream out = socket.getOutputStream();
        out.write(0x0b);
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {0x1c, 0x0d});
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder ack = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != 0x1c) {
          ack.append((char) b);
        }
        if (ack.indexOf("MSA|AA|") >= 0 || ack.indexOf("MSA|AE|") >= 0) {
          return;
        }
      } catch (IOException e) {
        // The listener is in this process: only a restart of it would get here; send again.
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The adapter's query for every row: from the first, no limit. */
  private static String adapter(String resource) {
    try (InputStream in = FaultToleranceIT.class.getClassLoader().getResourceAsStream(resource)) {
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("--[^\\n]*", "");
      return sql.replace(":#since_ts", "timestamptz '1900-01-01T00:00:00Z'").replace(":#since_key", "''")
          .replace(":#batch_size", "2147483647");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Source keys of every Provenance: system of the source and entity, and the key. */
  private static List<String> provenanceKeys(String fhirBase) {
    IGenericClient client = FhirContext.forR4Cached().newRestfulGenericClient(fhirBase);
    client.getFhirContext().getRestfulClientFactory().setSocketTimeout(300_000);
    List<String> keys = new ArrayList<>();
    String prefix = FhirSystems.sourceIdentifier("", "").replaceAll("/+$", "");
    Bundle page = client.search().forResource(Provenance.class).count(1000).elementsSubset("entity")
        .cacheControl(NO_CACHE).returnBundle(Bundle.class).execute();
    while (true) {
      for (var entry : page.getEntry()) {
        var identifier = ((Provenance) entry.getResource()).getEntityFirstRep().getWhat().getIdentifier();
        // .../sid/<source>/<entity> -> source|entity|key
        String[] parts = identifier.getSystem().substring(identifier.getSystem().indexOf("/sid/") + 5).split("/");
        keys.add(parts[0] + "|" + parts[1] + "|" + identifier.getValue());
      }
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        return keys;
      }
      page = client.loadPage().next(page).execute();
    }
  }

  private static Set<String> strings(LocalPostgres postgres, String database, String query) throws SQLException {
    Set<String> values = new HashSet<>();
    try (Connection c = postgres.dataSource(database).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The FHIR server as its own process (the executable jar), so that it can be killed with SIGKILL. */
  private static final class FhirServerProcess {
    private final int port;
    private final String jdbcUrl;
    private final String user;
    private final Path log;
    private Process process;

    FhirServerProcess(int port, String jdbcUrl, String user, Path log) {
      this.port = port;
      this.jdbcUrl = jdbcUrl;
      this.user = user;
      this.log = log;
    }

    void start() throws Exception {
      Path jar;
      try (Stream<Path> files = Files.list(Path.of("../fhir-server/target"))) {
        jar = files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).findFirst()
            .orElseThrow(() -> new IllegalStateException("fhir-server's executable jar is not built"));
      }
      String java = ProcessHandle.current().info().command().orElse("java");
      process = new ProcessBuilder(java, "-Xmx2g", "-jar", jar.toAbsolutePath().toString(),
          "--server.port=" + port, "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=" + user,
          "--spring.datasource.password=", "--mch.fhir.path=/fhir")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the FHIR server exited with " + process.exitValue() + "; see " + log);
        }
        try {
          HttpResponse<Void> response = http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/metadata")).build(),
              HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not up yet
        }
        Thread.sleep(500);
      }
      throw new IllegalStateException("the FHIR server did not start; see " + log);
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    void kill() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
  }
}
