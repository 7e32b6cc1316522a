package cn.mch.platform;

import cn.mch.demo.hospital.HospitalADatabase;
import cn.mch.demo.hospital.HospitalAGenerator;
import cn.mch.ingest.IngestRuntime;
import cn.mch.ingest.IngestSettings;
import cn.mch.localpg.LocalPostgres;
import cn.mch.server.FhirServerApplication;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole platform in one process, on one embedded PostgreSQL holding three databases: {@code
 * fhir} (the FHIR store), {@code ingest} (the platform's ingestion state) and {@code hospital_a}
 * (the demo hospital's own database, a stand-in for a real hospital's server).
 */
public final class Platform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Platform.class);

  public static final String FHIR_DATABASE = "fhir";
  public static final String INGEST_DATABASE = "ingest";
  public static final String HOSPITAL_A_DATABASE = "hospital_a";

  private final LocalPostgres postgres;
  private final ConfigurableApplicationContext fhirServer;
  private final IngestRuntime ingest;
  private final String fhirBaseUrl;

  private Platform(
      LocalPostgres postgres, ConfigurableApplicationContext fhirServer, IngestRuntime ingest, String fhirBaseUrl) {
    this.postgres = postgres;
    this.fhirServer = fhirServer;
    this.ingest = ingest;
    this.fhirBaseUrl = fhirBaseUrl;
  }

  /** Starts PostgreSQL, the FHIR server, the demo hospital (filled on first start) and ingestion. */
  public static Platform start(PlatformSettings settings) throws Exception {
    long started = System.nanoTime();
    LocalPostgres postgres = LocalPostgres.start(settings.dataDirectory().resolve("postgres"), settings.postgresPort());
    ConfigurableApplicationContext fhirServer = null;
    try {
      for (String database : new String[] {FHIR_DATABASE, INGEST_DATABASE, HOSPITAL_A_DATABASE}) {
        postgres.createDatabaseIfMissing(database);
      }
      seedDemoHospital(postgres, settings);
      fhirServer = startFhirServer(postgres, settings);
      int port = ((WebServerApplicationContext) fhirServer).getWebServer().getPort();
      String fhirBaseUrl = "http://localhost:" + port + settings.fhirPath();
      if (PlatformSettings.DEMO_ID_SECRET.equals(settings.idSecret())) {
        log.warn("Using the demo id secret: set MCH_ID_SECRET for anything but a demo");
      }
      IngestRuntime ingest = IngestRuntime.create(ingestSettings(postgres, settings, fhirBaseUrl)).start();
      log.info(
          "MCH platform up in {} s: FHIR at {}",
          (System.nanoTime() - started) / 1_000_000_000,
          fhirBaseUrl);
      return new Platform(postgres, fhirServer, ingest, fhirBaseUrl);
    } catch (Exception | Error e) {
      if (fhirServer != null) {
        fhirServer.close();
      }
      postgres.close();
      throw e;
    }
  }

  private static void seedDemoHospital(LocalPostgres postgres, PlatformSettings settings) throws SQLException {
    try (Connection c = postgres.dataSource(HOSPITAL_A_DATABASE).getConnection()) {
      HospitalADatabase.createSchema(c);
      if (HospitalADatabase.isEmpty(c)) {
        new HospitalAGenerator(settings.demoSeed(), settings.demoWomen(), settings.demoReferenceDate())
            .generate(c);
      }
    }
  }

  private static ConfigurableApplicationContext startFhirServer(LocalPostgres postgres, PlatformSettings settings) {
    Properties properties = new Properties();
    properties.put("spring.datasource.url", postgres.jdbcUrl(FHIR_DATABASE));
    properties.put("spring.datasource.username", postgres.username());
    properties.put("spring.datasource.password", "");
    properties.put("server.port", String.valueOf(settings.httpPort()));
    properties.put("mch.fhir.path", settings.fhirPath());
    return new SpringApplicationBuilder(FhirServerApplication.class)
        .properties(properties)
        // This class stops the server, in order, before PostgreSQL.
        .registerShutdownHook(false)
        .run();
  }

  private static IngestSettings ingestSettings(
      LocalPostgres postgres, PlatformSettings settings, String fhirBaseUrl) {
    Properties defaults = IngestSettings.defaults();
    Map<String, String> values =
        Map.of(
            "ingest.fhir-url", fhirBaseUrl,
            "ingest.platform-db.url", postgres.jdbcUrl(INGEST_DATABASE),
            "ingest.platform-db.username", postgres.username(),
            "ingest.id-secret", settings.idSecret(),
            "ingest.poll.period-ms", String.valueOf(settings.pollPeriodMs()),
            "ingest.hospitals", "hospital-a",
            "ingest.hospital.hospital-a.name", "市妇幼保健院 (demo hospital A)",
            "ingest.hospital.hospital-a.url", postgres.jdbcUrl(HOSPITAL_A_DATABASE),
            "ingest.hospital.hospital-a.username", postgres.username());
    return IngestSettings.from(key -> values.getOrDefault(key, defaults.getProperty(key)));
  }

  public String fhirBaseUrl() {
    return fhirBaseUrl;
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
