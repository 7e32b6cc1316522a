package cn.mch.bench;

import cn.mch.bench.StoredResources.Stored;
import cn.mch.bench.baseline.DefaultHapiServer;
import cn.mch.demo.population.Population;
import cn.mch.ingest.PhaseTimes;
import cn.mch.ingest.PollsDone;
import cn.mch.localpg.LocalPostgres;
import cn.mch.platform.PersonRecords;
import cn.mch.platform.Platform;
import cn.mch.platform.PlatformSettings;
import cn.mch.server.person.PersonLinkage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The pipeline's benchmark, one run on this machine, figures printed and written to {@code
 * docs/benchmarks.md}:
 *
 * <ol>
 *   <li>the demo sources filled with a generated population (M: 3,000 mothers);
 *   <li>end-to-end ingest into an empty FHIR store: resources per second, time per phase, SQL
 *       statements per resource, peak heap and heap after GC by quarter, database size;
 *   <li>a second full pass over the same sources: new resources and versions (must be 0), rate;
 *   <li>the baselines: the same resources into a default-settings HAPI JPA server, one {@code PUT}
 *       at a time and as transaction Bundles; and the ceiling, their JSON by {@code COPY};
 *   <li>query latencies (p50/p95/p99) on the platform and on the default server with the same data,
 *       both up at once and taking turns call by call.
 * </ol>
 */
public final class Benchmark {

  private static final String SECRET = "benchmark-id-secret";
  /** The database of the default server fed one PUT at a time. */
  private static final String SINGLE_DATABASE = "baseline_single";
  /** The database of the default server fed transaction Bundles, whose store the queries compare with. */
  private static final String BUNDLE_DATABASE = "baseline_bundle";
  private static final List<String> CONFORMANCE =
      List.of("StructureDefinition", "CodeSystem", "ValueSet", "ConceptMap", "SearchParameter", "NamingSystem");

  private final Options options;
  private final Report report;
  private MachineSpeed.Probe speedAtStart;

  private Benchmark(Options options) {
    this.options = options;
    this.report = new Report(options);
  }

  public static void main(String[] args) {
    int status = 0;
    try {
      if (List.of(args).equals(List.of("--machine-speed"))) {
        System.out.println(MachineSpeed.printed(MachineSpeed.measure()));
      } else if (args.length > 0 && args[0].equals("--combine")) {
        System.out.println(combine(List.of(args).subList(1, args.length).stream().map(Path::of).toList()));
      } else {
        Options options = Options.parse(args);
        if (options.repeat() > 1) {
          repeat(options, args);
        } else {
          new Benchmark(options).run();
        }
      }
    } catch (Throwable failed) {
      failed.printStackTrace();
      status = 1;
    }
    // HAPI and Camel leave non-daemon threads behind.
    System.exit(status);
  }

  /** Command-line options. */
  record Options(int women, String size, double faultRate, int runs, int warmup, int variants, int bundleSize,
      int bundleWriters, int singleWriters, long singlesSeconds, Path dataDir, Path out, boolean ingestOnly,
      boolean validateIngest, Path queriesAgain, String cacheControl, Map<String, String> postgresSettings, int repeat,
      boolean outGiven, boolean prewarm) {

    static Options parse(String[] args) {
      int women = Population.Size.M.women;
      String size = "M";
      double faultRate = 0.03;
      int runs = 200;
      long singlesSeconds = 180;
      Path out = Path.of("docs/benchmarks.md");
      boolean outGiven = false;
      int repeat = 1;
      Path dataDir = null;
      boolean ingestOnly = false;
      boolean validateIngest = false;
      boolean prewarm = true;
      Path queriesAgain = null;
      String cacheControl = "no-cache";
      Map<String, String> postgresSettings = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--size" -> {
            size = value.toUpperCase(Locale.ROOT);
            women = Population.Size.valueOf(size).women;
            i++;
          }
          case "--women" -> {
            women = Integer.parseInt(value);
            size = women + " mothers";
            i++;
          }
          case "--fault-rate" -> { faultRate = Double.parseDouble(value); i++; }
          case "--runs" -> { runs = Integer.parseInt(value); i++; }
          case "--singles-seconds" -> { singlesSeconds = Long.parseLong(value); i++; }
          case "--data-dir" -> { dataDir = Path.of(value); i++; }
          case "--out" -> { out = Path.of(value); outGiven = true; i++; }
          case "--repeat" -> {
            repeat = Integer.parseInt(value);
            if (repeat < 1) {
              throw new IllegalArgumentException("--repeat takes a number of runs, 1 or more: " + value);
            }
            i++;
          }
          case "--ingest-only" -> ingestOnly = true;
          case "--validate-ingest" -> validateIngest = true;
          case "--no-prewarm" -> prewarm = false;
          case "--queries-again" -> { queriesAgain = Path.of(value); i++; }
          case "--cache-control" -> { cacheControl = value; i++; }
          case "--postgres-setting" -> {
            int eq = value.indexOf('=');
            if (eq < 1 || !value.substring(0, eq).matches("[a-z_.]+") || !value.substring(eq + 1).matches("[A-Za-z0-9._-]+")) {
              throw new IllegalArgumentException("--postgres-setting takes name=value with a plain value, e.g. max_wal_size=8GB: " + value);
            }
            if (LocalPostgres.COMMAND_LINE_SETTINGS.containsKey(value.substring(0, eq))) {
              throw new IllegalArgumentException("--postgres-setting cannot change " + value.substring(0, eq)
                  + ": the embedded server is given it on its command line, which ALTER SYSTEM does not override");
            }
            postgresSettings.put(value.substring(0, eq), value.substring(eq + 1));
            i++;
          }
          default -> throw new IllegalArgumentException("Unknown option " + args[i]
              + "; options: --size S|M|L, --women N, --fault-rate F, --runs N, --repeat N, --singles-seconds S, --data-dir D, --out F, --ingest-only, --validate-ingest, --no-prewarm, --queries-again D, --cache-control V, --postgres-setting name=value; or --machine-speed alone, or --combine REPORT...");
        }
      }
      Options options = new Options(women, size, faultRate, runs, 50, 200, 400, 4, 2, singlesSeconds, dataDir, out, ingestOnly,
          validateIngest, queriesAgain, cacheControl, new java.util.TreeMap<>(postgresSettings), repeat, outGiven, prewarm);
      if (options.repeat() > 1 && options.queriesAgain() != null) {
        throw new IllegalArgumentException("--repeat runs whole benchmarks; --queries-again times one store's queries");
      }
      return options;
    }
  }

  private void run() throws Exception {
    say("Machine speed: timing a fixed CPU task before anything starts");
    speedAtStart = MachineSpeed.inFreshJvm();
    if (options.queriesAgain() != null) {
      queriesAgain(options.queriesAgain());
      return;
    }
    Path data = options.dataDir() != null ? options.dataDir() : Files.createTempDirectory("mch-benchmark");
    if (Files.exists(data.resolve("postgres"))) {
      throw new IllegalStateException(data + " already holds a database: the benchmark starts from nothing");
    }
    PlatformSettings settings = settings(data);
    say("Generating the " + options.size() + " population into the demo sources in " + data);
    long generating = System.nanoTime();
    try (LocalPostgres postgres = LocalPostgres.start(data.resolve("postgres"), 0)) {
      Platform.fillDemoSources(postgres, settings);
      execute(postgres.dataSource("postgres"),
          "alter system set shared_preload_libraries = 'pg_stat_statements'",
          "alter system set pg_stat_statements.max = 20000",
          // The time statements spend reading blocks from outside the shared buffers, per query.
          "alter system set track_io_timing = on");
      for (Map.Entry<String, String> setting : options.postgresSettings().entrySet()) {
        execute(postgres.dataSource("postgres"),
            "alter system set " + setting.getKey() + " = '" + setting.getValue() + "'");
      }
    }
    report.figure("Sources generated", seconds(generating), "s");

    long starting = System.nanoTime();
    Platform platform = Platform.start(settings);
    CamelContext camel = platform.ingest().camelContext();
    List<String> routes = platform.ingest().pollingRouteIds();
    PollsDone done = PollsDone.watch(camel, routes, 2);
    long started = System.nanoTime();
    report.figure("Platform start-up (PostgreSQL, FHIR server, routes)", seconds(starting, started), "s");
    LocalPostgres postgres = platform.postgres();
    DataSource fhir = postgres.dataSource(Platform.FHIR_DATABASE);
    execute(fhir, "create extension if not exists pg_stat_statements", "select pg_stat_statements_reset()",
        "select pg_stat_reset_shared('wal')", "select pg_stat_reset_shared('checkpointer')");
    PhaseTimes times = platform.ingest().phaseTimes();
    PersonLinkage linkage = platform.fhirServer().getBean(PersonLinkage.class);

    say("First pass: ingesting everything into the empty FHIR store");
    long ingestNanos;
    try (HeapWatch heap = new HeapWatch(); CpuWatch cpu = new CpuWatch()) {
      await(done);
      ingestNanos = times.lastRowsCommittedAt() - started;
      linkage.awaitIdle(Duration.ofHours(2));
      cpu.stop();
      long allNanos = System.nanoTime() - started;
      long resources = resources(fhir);
      report.pass("First pass (empty store)", times, ingestNanos, allNanos, resources, versions(fhir));
      report.figure("Resources stored (not counting the server's conformance resources)", resources, "");
      report.figure("Source rows read", times.rows(), "");
      report.figure("Resources in the mapped records (each record counts its source Organization; a transaction writes it once)", times.resources(), "");
      report.figure("Person linkage finished after the last source commit", (allNanos - ingestNanos) / 1e9, "s");
      report.figure("Person linkage workers (FHIR server node)", linkage.workers(), "");
      report.figure("Person linkage busy time, summed over the workers", linkage.busyMillis() / 1000.0, "s");
      report.figure("Clusters queued again because another worker wrote one of their records meanwhile",
          linkage.linkedAgain(), "");
      report.figure("Person linkage searches (a search for a list of values counts once)", linkage.searches(), "");
      report.figure("Clusters whose person record was stored as it would be written (not written again)",
          linkage.unchanged(), "");
      report.phases(times);
      report.figure("Batch writes retried (the FHIR server refused a transaction for a passing reason)",
          times.failedWrites(), "");
      report.figure("Of them HTTP 409 (two transactions wrote the same resource at once)", times.conflicts(), "");
      report.figure("Resources in the retried batches (sent again)", times.resourcesInFailedWrites(), "");
      report.cpu(cpu);
      report.cpuPerResource("Platform, first pass (sources, ingest, FHIR server, linkage and PostgreSQL)", cpu, resources);
      report.figure("SQL statements on the FHIR database per stored resource",
          sqlUse(fhir, Platform.FHIR_DATABASE).statements() / (double) resources, "");
      report.figure("SQL statements on the ingest state database per stored resource",
          sqlUse(fhir, Platform.INGEST_DATABASE).statements() / (double) resources, "");
      report.figure("Peak heap in use (FHIR server and ingest, one JVM)", heap.peakBytes() / 1048576.0, "MiB");
      report.heapByQuarter(heap.afterGcByQuarter(allNanos), heap.liveFloorByQuarter(allNanos), heap.liveByQuarter(allNanos));
      report.figure("Max heap of the JVM", Runtime.getRuntime().maxMemory() / 1048576.0, "MiB");
      report.figure("FHIR database size", single(fhir, "select pg_database_size('fhir')") / 1048576.0, "MiB");
      report.figure("WAL written by PostgreSQL (all databases: sources, ingest state, FHIR)",
          single(fhir, "select wal_bytes::bigint from pg_stat_wal") / 1048576.0, "MiB");
      report.figure("Full-page images in that WAL (first change of a page after a checkpoint)",
          single(fhir, "select wal_fpi from pg_stat_wal"), "");
      report.figure("Checkpoints started by WAL volume (max_wal_size reached)",
          single(fhir, "select num_requested from pg_stat_checkpointer"), "");
      report.figure("Checkpoints started by time", single(fhir, "select num_timed from pg_stat_checkpointer"), "");
    }
    // Read after the heap is no longer watched: a check of linkage, not part of the ingest.
    PersonRecords persons = PersonRecords.read(platform.fhirBaseUrl());
    report.figure("Person records", persons.persons(), "");
    report.figure("Placeholder Patients (referenced, no record stored)", persons.placeholders(), "");
    report.figure("Source Patients linked by no person record", persons.unlinked(), "");
    report.figure("Source Patients linked by more than one person record", persons.linkedTwice(), "");

    if (options.ingestOnly()) {
      machine(platform, fhir);
      String table = report.render();
      System.out.println(table);
      if (options.outGiven()) {
        // Only where asked: a first pass alone must not replace the full report in docs/.
        write(options.out(), table);
      }
      return;
    }
    say("Second pass: every source read again from the start");
    long resourcesBefore = resources(fhir);
    long versionsBefore = versions(fhir);
    for (String route : routes) {
      camel.getRouteController().stopRoute(route);
      platform.ingest().watermarks().reset(route);
    }
    times.reset();
    done = PollsDone.watch(camel, routes, 2);
    long again = System.nanoTime();
    for (String route : routes) {
      camel.getRouteController().startRoute(route);
    }
    await(done);
    long againNanos = times.lastRowsCommittedAt() - again;
    linkage.awaitIdle(Duration.ofHours(1));
    report.pass("Second pass (same sources)", times, againNanos, System.nanoTime() - again,
        resources(fhir) - resourcesBefore, versions(fhir) - versionsBefore);
    stopRoutes(camel, routes);

    say("Reading the stored resources back for the baselines");
    List<Stored> stored = stored(fhir);
    List<List<Stored>> levels = ReferenceLevels.of(stored);
    List<Queries.Query> queries = Queries.from(stored, options.variants());
    Queries client = new Queries(options.cacheControl());

    say("Baseline: one PUT at a time into a default-settings HAPI server");
    postgres.createDatabaseIfMissing(SINGLE_DATABASE);
    ConfigurableApplicationContext single = DefaultHapiServer.start(postgres.jdbcUrl(SINGLE_DATABASE), postgres.username());
    try {
      BaselineWriter.Result r = new BaselineWriter(baseUrl(single))
          .singles(levels, options.singleWriters(), options.singlesSeconds());
      report.baseline("Default HAPI, one PUT per resource, " + options.singleWriters() + " writers"
          + " (first " + options.singlesSeconds() + " s, in reference order)", r);
    } finally {
      single.close();
    }

    say("Baseline: transaction Bundles into a default-settings HAPI server");
    postgres.createDatabaseIfMissing(BUNDLE_DATABASE);
    ConfigurableApplicationContext bundle = DefaultHapiServer.start(postgres.jdbcUrl(BUNDLE_DATABASE), postgres.username());
    try {
      BaselineWriter.Result r;
      try (CpuWatch cpu = new CpuWatch()) {
        r = new BaselineWriter(baseUrl(bundle)).bundles(levels, options.bundleSize(), options.bundleWriters());
        cpu.stop();
        report.cpuPerResource("Default HAPI, transaction Bundles (client, server and PostgreSQL; the JIT already"
            + " warm from the platform's passes)", cpu, r.written());
      }
      report.baseline("Default HAPI, transaction Bundles of " + options.bundleSize() + " PUTs, "
          + options.bundleWriters() + " writers", r);
      say("Queries on the platform and on the default server with the same data, taking turns");
      prewarm(postgres);
      timeQueries(client, platform, bundle, fhir, queries);
    } finally {
      bundle.close();
    }

    say("Ceiling: the same JSON by COPY");
    postgres.createDatabaseIfMissing("copy_limit");
    double copySeconds = CopyLimit.seconds(postgres.dataSource("copy_limit"), stored);
    report.ceiling(stored.size(), copySeconds);

    machine(platform, fhir);
    String table = report.render();
    System.out.println(table);
    write(options.out(), table + kept(options.out()));
    say("Written to " + options.out().toAbsolutePath());
  }

  /**
   * {@code --repeat N}: the benchmark run N times one after the other, each in a JVM of its own
   * (this JVM's settings: heap, {@code -D} keys) on a database of its own, and one report of the
   * medians ({@link MedianReport}) written where a single run writes its own (with {@code
   * --ingest-only}, only to an {@code --out} given). Each run's own report is kept in a temporary
   * directory, named in the output; a run that fails stops the series.
   */
  private static void repeat(Options options, String[] args) throws Exception {
    // The same command for every run but for where it writes: this run's own arguments without
    // --repeat, --out and --data-dir.
    List<String> base = new java.util.ArrayList<>(launcher());
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--repeat", "--out", "--data-dir" -> i++;
        default -> base.add(args[i]);
      }
    }
    Path runs = Files.createTempDirectory("mch-benchmark-runs");
    List<Path> reports = new java.util.ArrayList<>();
    for (int run = 1; run <= options.repeat(); run++) {
      Path runOut = runs.resolve("run-" + run + ".md");
      List<String> command = new java.util.ArrayList<>(base);
      command.addAll(List.of("--out", runOut.toString()));
      if (options.dataDir() != null) {
        command.addAll(List.of("--data-dir", options.dataDir().resolve("run-" + run).toString()));
      }
      say("Run " + run + " of " + options.repeat() + ": " + String.join(" ", command));
      int status = new ProcessBuilder(command).inheritIO().start().waitFor();
      if (status != 0) {
        throw new IllegalStateException("run " + run + " of " + options.repeat() + " ended with status " + status
            + "; the reports of the runs before it are in " + runs + " (--combine gives their medians)");
      }
      reports.add(runOut);
    }
    String combined = combine(reports);
    System.out.println(combined);
    say("Each run's own report: " + runs);
    if (!options.ingestOnly() || options.outGiven()) {
      write(options.out(), combined + (options.ingestOnly() ? "" : kept(options.out())));
      say("Medians of " + options.repeat() + " runs written to " + options.out().toAbsolutePath());
    }
  }

  /**
   * {@code --combine R...}: the medians ({@link MedianReport}) of reports that runs wrote, e.g. the
   * runs a {@code --repeat} series kept before it was stopped; printed, not written.
   */
  static String combine(List<Path> reports) throws java.io.IOException {
    if (reports.isEmpty()) {
      throw new IllegalArgumentException("--combine takes the reports of one or more runs");
    }
    List<String> texts = new java.util.ArrayList<>();
    for (Path report : reports) {
      texts.add(Files.readString(report));
    }
    return MedianReport.combine(texts);
  }

  /** Writes a report, creating its directory. */
  private static void write(Path out, String text) throws java.io.IOException {
    Path absolute = out.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Files.writeString(absolute, text);
  }

  /** How to start this benchmark again in a new JVM with this one's settings. */
  private static List<String> launcher() {
    return launcher(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  /** How to start this benchmark in a new JVM with {@code jvmOptions}; its arguments follow. */
  static List<String> launcher(List<String> jvmOptions) {
    Path classes = classesPath(String.valueOf(Benchmark.class.getProtectionDomain().getCodeSource().getLocation()));
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return launcher(java, jvmOptions, System.getProperty("sun.java.command", "").split(" ")[0], classes,
        System.getProperty("java.class.path"));
  }

  /**
   * The file or folder a class was loaded from, given its code source's location: {@code file:}
   * for a folder or plain jar, {@code jar:nested:/x.jar/!BOOT-INF/classes/!/} inside a Spring Boot
   * jar, {@code jar:file:/x.jar!/} inside another jar.
   */
  static Path classesPath(String location) {
    String s = location;
    if (s.startsWith("jar:")) {
      s = s.substring("jar:".length());
    }
    if (s.startsWith("nested:")) {
      s = "file:" + s.substring("nested:".length());
    }
    if (s.indexOf('!') >= 0) {
      s = s.substring(0, s.indexOf('!'));
    }
    if (s.endsWith("/") && s.length() > "file:/".length()) {
      s = s.substring(0, s.length() - 1);
    }
    return Path.of(java.net.URI.create(s));
  }

  /**
   * {@code java -jar} with the jar this JVM was started from when it is the jar that holds these
   * classes; otherwise the class path and this class (a test runner's JVM starts another jar's main).
   */
  static List<String> launcher(String java, List<String> jvmOptions, String started, Path classes, String classPath) {
    List<String> command = new java.util.ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    if (started.endsWith(".jar")
        && Path.of(started).toAbsolutePath().normalize().equals(classes.toAbsolutePath().normalize())) {
      command.addAll(List.of("-jar", started));
    } else {
      command.addAll(List.of("-cp", classPath, Benchmark.class.getName()));
    }
    return command;
  }

  /**
   * Times the queries again on a finished run's data directory (the platform's store and the
   * default server's {@code baseline_bundle}), in a fresh JVM, without ingesting anything: for
   * trying query settings on M data in minutes instead of a whole run. Prints the query table;
   * writes nothing to the report.
   */
  private void queriesAgain(Path data) throws Exception {
    if (!Files.exists(data.resolve("postgres"))) {
      throw new IllegalStateException(data + " holds no database of an earlier run");
    }
    PlatformSettings settings = settings(data);
    Platform platform = Platform.start(settings);
    try {
      stopRoutes(platform.ingest().camelContext(), platform.ingest().pollingRouteIds());
      platform.fhirServer().getBean(PersonLinkage.class).awaitIdle(Duration.ofHours(1));
      LocalPostgres postgres = platform.postgres();
      DataSource fhir = postgres.dataSource(Platform.FHIR_DATABASE);
      execute(fhir, "create extension if not exists pg_stat_statements");
      List<Stored> stored = stored(fhir);
      List<Queries.Query> queries = Queries.from(stored, options.variants());
      stored = null;
      ConfigurableApplicationContext bundle =
          DefaultHapiServer.start(postgres.jdbcUrl(BUNDLE_DATABASE), postgres.username());
      try {
        say("Queries again on " + data + ", platform and default server taking turns");
        prewarm(postgres);
        timeQueries(new Queries(options.cacheControl()), platform, bundle, fhir, queries);
      } finally {
        bundle.close();
      }
    } finally {
      platform.close();
    }
    // Timed once the platform and its PostgreSQL are stopped, as after a run (see machine).
    report.machineSpeed(speedAtStart, MachineSpeed.inFreshJvm());
    System.out.println(report.renderQueries());
  }

  /**
   * The machine's header, and the platform closed: the machine speed is timed again once the
   * platform and its PostgreSQL are stopped, so that nothing they still do after the run
   * (autovacuum after a load) takes a share of the cores.
   */
  private void machine(Platform platform, DataSource fhir) throws Exception {
    String version = version(fhir);
    platform.close();
    say("Machine speed: timing the fixed CPU task again");
    report.machineSpeed(speedAtStart, MachineSpeed.inFreshJvm());
    report.machine(version);
  }

  /**
   * Unless {@code --no-prewarm}: a checkpoint, then every table and index of both servers' stores read once
   * before the queries ({@code pg_prewarm} in its {@code read} mode: into the OS's page cache, not
   * PostgreSQL's shared buffers), so that neither server's queries read from disk what the other's
   * find in memory, nor wait behind the writes of a checkpoint the baselines started. In a run, the
   * default server's store is written just before the queries and the platform's about twenty
   * minutes earlier, with the baselines' gigabytes written in between.
   */
  private void prewarm(LocalPostgres postgres) throws SQLException {
    if (!options.prewarm()) {
      return;
    }
    long checkpoint = System.nanoTime();
    execute(postgres.dataSource(Platform.FHIR_DATABASE), "checkpoint");
    say("Checkpoint before the queries: " + Report.format(seconds(checkpoint)) + " s");
    for (String database : List.of(Platform.FHIR_DATABASE, BUNDLE_DATABASE)) {
      DataSource store = postgres.dataSource(database);
      execute(store, "create extension if not exists pg_prewarm");
      long started = System.nanoTime();
      long blocks = single(store, "select coalesce(sum(pg_prewarm(c.oid, 'read')), 0) from pg_class c"
          + " join pg_namespace n on n.oid = c.relnamespace"
          + " where n.nspname in ('public', 'pg_toast') and c.relkind in ('r', 'i', 't', 'm')");
      double seconds = seconds(started);
      report.figure("Blocks of the " + database + " database read into the OS page cache before the queries",
          blocks, "");
      say("Prewarmed " + database + " in " + Report.format(seconds) + " s");
    }
  }

  /** The platform on a data directory, as every run of the benchmark starts it. */
  private PlatformSettings settings(Path data) {
    return new PlatformSettings(
        data, 0, 0, "/fhir", SECRET, options.women(), 20240630, LocalDate.of(2024, 6, 30), options.faultRate(),
        1000, 0, 0, 0, options.validateIngest());
  }

  private static void stopRoutes(CamelContext camel, List<String> routes) throws Exception {
    for (String route : routes) {
      camel.getRouteController().stopRoute(route);
    }
  }

  /** The resources in the FHIR store, the server's conformance resources left out. */
  private static List<Stored> stored(DataSource fhir) throws Exception {
    return StoredResources.read(fhir).stream().filter(r -> !CONFORMANCE.contains(r.type())).toList();
  }

  /** The queries on the platform and on the default server of the bundle baseline, taking turns. */
  private void timeQueries(Queries client, Platform platform, ConfigurableApplicationContext bundle, DataSource fhir,
      List<Queries.Query> queries) throws Exception {
    timeQueries(client, Map.of("platform", platform.fhirBaseUrl(), "default", baseUrl(bundle)),
        Map.of("platform", Platform.FHIR_DATABASE, "default", BUNDLE_DATABASE), fhir, queries);
  }

  /** The hand-written part of an existing report (from its "## Settings tried" on), kept across runs. */
  private static String kept(Path report) throws java.io.IOException {
    if (!Files.exists(report)) {
      return "";
    }
    String text = Files.readString(report);
    int at = text.indexOf("\n## Settings tried");
    return at < 0 ? "" : text.substring(at);
  }

  /**
   * Times each query on both servers and counts the SQL statements each server's database ran for
   * it and their execution time (pg_stat_statements, reset before each query), per request; the
   * statement that took most of that time is logged (normalised text: constants are {@code $n}, so
   * no personal data). {@code any} is a connection to
   * a database with the pg_stat_statements extension; its reset and reading count under that
   * database, one or two statements among hundreds of requests.
   */
  private void timeQueries(Queries client, Map<String, String> bases, Map<String, String> databases, DataSource any,
      List<Queries.Query> queries) throws Exception {
    for (Queries.Query query : queries) {
      if (query.calls().isEmpty()) {
        continue;
      }
      Map<String, String> servers = new LinkedHashMap<>();
      servers.put("platform", bases.get("platform"));
      if (!query.platformOnly()) {
        servers.put("default", bases.get("default"));
      }
      execute(any, "select pg_stat_statements_reset()");
      client.time(servers, query, options.warmup(), options.runs()).forEach((server, timing) ->
          report.query(query.name(), server, timing));
      double requests = options.warmup() + options.runs();
      for (String server : servers.keySet()) {
        String database = databases.get(server);
        SqlUse sql = sqlUse(any, database);
        report.querySql(query.name(), server, sql.statements() / requests, sql.millis() / requests,
            sql.readMillis() / requests);
        say(server + " " + query.name() + ": blocks per request " + Report.format(sql.blocksHit() / requests)
            + " in shared buffers, " + Report.format(sql.blocksRead() / requests)
            + " read from outside them in " + Report.format(sql.readMillis() / requests)
            + " ms; most SQL time in " + costliest(any, database));
      }
    }
  }

  private static void await(PollsDone done) {
    List<String> unfinished = done.await(Duration.ofHours(6));
    if (!unfinished.isEmpty()) {
      throw new IllegalStateException(String.join(", ", unfinished) + " did not finish");
    }
  }

  private static String baseUrl(ConfigurableApplicationContext server) {
    return "http://localhost:" + ((WebServerApplicationContext) server).getWebServer().getPort() + "/fhir";
  }

  private static long resources(DataSource fhir) throws SQLException {
    return single(fhir, "select count(*) from hfj_resource where res_deleted_at is null and res_type not in ("
        + String.join(",", CONFORMANCE.stream().map(t -> "'" + t + "'").toList()) + ")");
  }

  private static long versions(DataSource fhir) throws SQLException {
    return single(fhir, "select count(*) from hfj_res_ver");
  }

  /**
   * What the statements of a database ran since pg_stat_statements was last reset: how many, their
   * execution time, and the table and index blocks they found in PostgreSQL's shared buffers or
   * read from outside them (the OS's page cache or the disk).
   */
  record SqlUse(long statements, double millis, long blocksHit, long blocksRead, double readMillis) {}

  private static SqlUse sqlUse(DataSource any, String database) throws SQLException {
    try (Connection c = any.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select coalesce(sum(s.calls), 0), coalesce(sum(s.total_exec_time), 0),"
            + " coalesce(sum(s.shared_blks_hit), 0), coalesce(sum(s.shared_blks_read), 0),"
            + " coalesce(sum(s.shared_blk_read_time), 0)"
            + " from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = '" + database + "'")) {
      rs.next();
      return new SqlUse(rs.getLong(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4), rs.getDouble(5));
    }
  }

  /** The statement with the most execution time in a database: calls, mean ms, its text (cut). */
  private static String costliest(DataSource any, String database) throws SQLException {
    try (Connection c = any.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select s.calls, s.mean_exec_time, s.query from pg_stat_statements s"
            + " join pg_database d on d.oid = s.dbid where d.datname = '" + database + "'"
            + " order by s.total_exec_time desc limit 1")) {
      if (!rs.next()) {
        return "nothing";
      }
      String text = rs.getString(3).replaceAll("\\s+", " ");
      return rs.getLong(1) + " calls, mean " + Report.format(rs.getDouble(2)) + " ms: "
          + text.substring(0, Math.min(text.length(), 300));
    }
  }

  private static String version(DataSource any) throws SQLException {
    try (Connection c = any.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  static long single(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(DataSource dataSource, String... sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  private static double seconds(long since) {
    return seconds(since, System.nanoTime());
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }

  static void say(String line) {
    System.out.println("[benchmark] " + line);
  }
}
