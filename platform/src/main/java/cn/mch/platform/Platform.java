package cn.mch.platform;

import cn.mch.demo.population.PopulationGenerator;
import cn.mch.demo.sources.SyntheticSources;
import cn.mch.ingest.IngestRuntime;
import cn.mch.ingest.IngestSettings;
import cn.mch.localpg.LocalPostgres;
import cn.mch.server.FhirServerApplication;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole platform in one process, on one embedded PostgreSQL holding the platform's databases
 * {@code fhir} (the FHIR store) and {@code ingest} (the platform's ingestion state), and the demo
 * source systems' own databases ({@code hospital_a}, {@code hospital_b}, {@code child_health},
 * {@code marriage_registry}, {@code birth_registry}, and the generator's {@code truth}), stand-ins
 * for the real sources' servers.
 */
public final class Platform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Platform.class);

  public static final String FHIR_DATABASE = "fhir";
  public static final String INGEST_DATABASE = "ingest";
  public static final String HOSPITAL_A_DATABASE = SyntheticSources.HOSPITAL_A;
  /** The demo hospitals the ingest routes poll: code → name; each one's database is named after it. */
  private static final Map<String, String> DEMO_HOSPITALS = demoHospitals();
  private static final Map<String, String> DEMO_REGISTRIES = demoRegistries();

  private static Map<String, String> demoHospitals() {
    Map<String, String> hospitals = new LinkedHashMap<>();
    hospitals.put("hospital-a", "市妇幼保健院 (demo hospital A)");
    hospitals.put("hospital-b", "区人民医院 (demo hospital B)");
    return hospitals;
  }

  private static Map<String, String> demoRegistries() {
    Map<String, String> registries = new LinkedHashMap<>();
    registries.put("child-health", "社区儿童保健系统 (demo child-health system)");
    registries.put("marriage-registry", "民政婚姻登记 (demo marriage registry)");
    registries.put("birth-registry", "出生医学证明登记 (demo birth registry)");
    return registries;
  }

  private static final List<String> DEMO_DATABASES =
      List.of(
          SyntheticSources.HOSPITAL_A, SyntheticSources.HOSPITAL_B, SyntheticSources.CHILD_HEALTH,
          SyntheticSources.MARRIAGE_REGISTRY, SyntheticSources.BIRTH_REGISTRY, SyntheticSources.TRUTH);

  private final LocalPostgres postgres;
  private final ConfigurableApplicationContext fhirServer;
  private final IngestRuntime ingest;
  private final String fhirBaseUrl;
  private final java.nio.file.Path dropDirectory;

  private Platform(
      LocalPostgres postgres, ConfigurableApplicationContext fhirServer, IngestRuntime ingest, String fhirBaseUrl,
      java.nio.file.Path dropDirectory) {
    this.postgres = postgres;
    this.fhirServer = fhirServer;
    this.ingest = ingest;
    this.fhirBaseUrl = fhirBaseUrl;
    this.dropDirectory = dropDirectory;
  }

  /** Starts PostgreSQL, the FHIR server, the demo hospital (filled on first start) and ingestion. */
  public static Platform start(PlatformSettings settings) throws Exception {
    long started = System.nanoTime();
    LocalPostgres postgres = LocalPostgres.start(settings.dataDirectory().resolve("postgres"), settings.postgresPort());
    ConfigurableApplicationContext fhirServer = null;
    try {
      postgres.createDatabaseIfMissing(FHIR_DATABASE);
      postgres.createDatabaseIfMissing(INGEST_DATABASE);
      fillDemoSources(postgres, settings);
      // Made at each start and never stored: only this process's ingest knows it.
      String ingestKey = settings.validateIngest() ? "" : newIngestKey();
      fhirServer = startFhirServer(postgres, settings, ingestKey);
      int port = ((WebServerApplicationContext) fhirServer).getWebServer().getPort();
      String fhirBaseUrl = "http://localhost:" + port + settings.fhirPath();
      if (PlatformSettings.DEMO_ID_SECRET.equals(settings.idSecret())) {
        log.warn("Using the demo id secret: set MCH_ID_SECRET for anything but a demo");
      }
      IngestRuntime ingest = IngestRuntime.create(ingestSettings(postgres, settings, fhirBaseUrl, ingestKey)).start();
      log.info(
          "MCH platform up in {} s: FHIR at {}",
          (System.nanoTime() - started) / 1_000_000_000,
          fhirBaseUrl);
      return new Platform(postgres, fhirServer, ingest, fhirBaseUrl, settings.dropDirectory());
    } catch (Exception | Error e) {
      if (fhirServer != null) {
        fhirServer.close();
      }
      postgres.close();
      throw e;
    }
  }

  /** Creates the demo sources and, on first start, fills them with the synthetic population. */
  public static void fillDemoSources(LocalPostgres postgres, PlatformSettings settings) throws SQLException {
    List<Connection> connections = new ArrayList<>();
    try {
      for (String database : DEMO_DATABASES) {
        postgres.createDatabaseIfMissing(database);
        connections.add(postgres.dataSource(database).getConnection());
      }
      var db = new SyntheticSources.Databases(
          connections.get(0), connections.get(1), connections.get(2), connections.get(3), connections.get(4), connections.get(5));
      SyntheticSources.createSchemas(db);
      if (!SyntheticSources.isFilled(db)) {
        SyntheticSources.write(
            new PopulationGenerator(settings.demoSeed(), settings.demoWomen(), settings.demoReferenceDate()).generate(),
            db,
            settings.demoFaultRate());
      }
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  private static String newIngestKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  private static ConfigurableApplicationContext startFhirServer(
      LocalPostgres postgres, PlatformSettings settings, String ingestKey) {
    Properties properties = new Properties();
    properties.put("spring.datasource.url", postgres.jdbcUrl(FHIR_DATABASE));
    properties.put("spring.datasource.username", postgres.username());
    properties.put("spring.datasource.password", "");
    properties.put("server.port", String.valueOf(settings.httpPort()));
    properties.put("mch.fhir.path", settings.fhirPath());
    if (!ingestKey.isEmpty()) {
      properties.put("mch.fhir.ingest-key", ingestKey);
    }
    // As command-line arguments: they take precedence over application.yaml, default properties
    // would not (server.port there is 8080).
    String[] arguments =
        properties.stringPropertyNames().stream().sorted().map(k -> "--" + k + "=" + properties.getProperty(k)).toArray(String[]::new);
    return new SpringApplicationBuilder(FhirServerApplication.class)
        // This class stops the server, in order, before PostgreSQL.
        .registerShutdownHook(false)
        .run(arguments);
  }

  static IngestSettings ingestSettings(
      LocalPostgres postgres, PlatformSettings settings, String fhirBaseUrl, String ingestKey) {
    Map<String, String> values = new HashMap<>();
    values.put("ingest.fhir-url", fhirBaseUrl);
    values.put("ingest.platform-db.url", postgres.jdbcUrl(INGEST_DATABASE));
    values.put("ingest.platform-db.username", postgres.username());
    values.put("ingest.id-secret", settings.idSecret());
    values.put("ingest.fhir.ingest-key", ingestKey);
    values.put("ingest.poll.period-ms", String.valueOf(settings.pollPeriodMs()));
    values.put("ingest.drop.dir", settings.dropDirectory().toString());
    values.put("ingest.poll.sweep-every", java.time.Duration.ofMillis(settings.sweepEveryMs()).toString());
    // Blank is off, and not taken from the JVM's INGEST_PUSH_* either.
    values.put("ingest.push.http-port", settings.pushHttpPort() > 0 ? String.valueOf(settings.pushHttpPort()) : "");
    values.put("ingest.push.mllp-port", settings.mllpPort() > 0 ? String.valueOf(settings.mllpPort()) : "");
    values.put("ingest.hospitals", String.join(",", DEMO_HOSPITALS.keySet()));
    DEMO_HOSPITALS.forEach(
        (code, name) -> {
          String prefix = "ingest.hospital." + code + ".";
          values.put(prefix + "name", name);
          values.put(prefix + "url", postgres.jdbcUrl(SyntheticSources.databaseOf(code)));
          values.put(prefix + "username", postgres.username());
        });
    values.put("ingest.registries", String.join(",", DEMO_REGISTRIES.keySet()));
    DEMO_REGISTRIES.forEach(
        (code, name) -> {
          String prefix = "ingest.registry." + code + ".";
          values.put(prefix + "name", name);
          values.put(prefix + "url", postgres.jdbcUrl(SyntheticSources.databaseOf(code)));
          values.put(prefix + "username", postgres.username());
        });
    // What the platform sets wins; the JVM's -Dingest.* / INGEST_* give the rest (concurrent writes,
    // batch size, retries), then the ingest defaults.
    return IngestSettings.from(IngestSettings.layered(values, IngestSettings::fromSystem));
  }

  public String fhirBaseUrl() {
    return fhirBaseUrl;
  }

  /** The FHIR server's Spring context (tests reach its beans, e.g. to wait for person linkage). */
  public ConfigurableApplicationContext fhirServer() {
    return fhirServer;
  }

  /** The hospitals' CSV drop folders. */
  public java.nio.file.Path dropDirectory() {
    return dropDirectory;
  }

  public LocalPostgres postgres() {
    return postgres;
  }

  public IngestRuntime ingest() {
    return ingest;
  }

  /** Stops ingestion first, then the FHIR server, then PostgreSQL. */
  @Override
  public void close() {
    ingest.close();
    fhirServer.close();
    postgres.close();
  }
}
