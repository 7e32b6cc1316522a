package cn.mch.platform;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Settings of the all-in-one platform process. Each is a system property or an environment
 * variable (upper case, dots and dashes as underscores), with the default shown.
 *
 * @param dataDirectory {@code mch.data-dir} (data): PostgreSQL's files live in its postgres/
 * @param postgresPort {@code mch.postgres-port} (0 = any free port)
 * @param httpPort {@code server.port} (8080)
 * @param fhirPath {@code mch.fhir.path} (/fhir)
 * @param idSecret {@code mch.id-secret}: secret of resource-id tokens (a fixed demo value if unset)
 * @param demoWomen {@code mch.demo.women} (300): mothers in the demo sources on first start (S 300,
 *     M 3000, L 30000)
 * @param demoSeed {@code mch.demo.seed} (20240630)
 * @param demoReferenceDate {@code mch.demo.reference-date} (2024-06-30): the demo data's "today"
 * @param demoFaultRate {@code mch.demo.fault-rate} (0.03): share of source records made dirty
 * @param pollPeriodMs {@code mch.poll-period-ms} (5000)
 * @param pushHttpPort {@code mch.push.http-port} (8081): the FHIR push endpoint; 0 = off
 * @param mllpPort {@code mch.push.mllp-port} (2575): the HL7 v2 MLLP listener; 0 = off
 * @param sweepEveryMs {@code mch.sweep-every-ms} (900000): how often polling routes sweep for rows
 *     committed late; 0 = never
 * @param validateIngest {@code mch.fhir.validate-ingest} (false): the FHIR server validates the
 *     mappings' output too. By default the ingest writes it with an ingest key made at each start
 *     and the server does not validate it again (the mapping tests and the platform test that
 *     ingests a generated population with this on validate that output); the server validates
 *     hospitals' FHIR pushes and every other client's writes either way
 */
public record PlatformSettings(
    Path dataDirectory,
    int postgresPort,
    int httpPort,
    String fhirPath,
    String idSecret,
    int demoWomen,
    long demoSeed,
    LocalDate demoReferenceDate,
    double demoFaultRate,
    long pollPeriodMs,
    int pushHttpPort,
    int mllpPort,
    long sweepEveryMs,
    boolean validateIngest) {

  /** The FHIR server does not validate the mappings' output again. */
  public PlatformSettings(
      Path dataDirectory, int postgresPort, int httpPort, String fhirPath, String idSecret, int demoWomen,
      long demoSeed, LocalDate demoReferenceDate, double demoFaultRate, long pollPeriodMs, int pushHttpPort, int mllpPort,
      long sweepEveryMs) {
    this(dataDirectory, postgresPort, httpPort, fhirPath, idSecret, demoWomen, demoSeed, demoReferenceDate,
        demoFaultRate, pollPeriodMs, pushHttpPort, mllpPort, sweepEveryMs, false);
  }

  /** Sweeping for late rows every 15 minutes. */
  public PlatformSettings(
      Path dataDirectory, int postgresPort, int httpPort, String fhirPath, String idSecret, int demoWomen,
      long demoSeed, LocalDate demoReferenceDate, double demoFaultRate, long pollPeriodMs, int pushHttpPort, int mllpPort) {
    this(dataDirectory, postgresPort, httpPort, fhirPath, idSecret, demoWomen, demoSeed, demoReferenceDate,
        demoFaultRate, pollPeriodMs, pushHttpPort, mllpPort, 900_000);
  }

  /** Without the push endpoint and MLLP listener (CSV drop folders are always on). */
  public PlatformSettings(
      Path dataDirectory, int postgresPort, int httpPort, String fhirPath, String idSecret, int demoWomen,
      long demoSeed, LocalDate demoReferenceDate, double demoFaultRate, long pollPeriodMs) {
    this(dataDirectory, postgresPort, httpPort, fhirPath, idSecret, demoWomen, demoSeed, demoReferenceDate,
        demoFaultRate, pollPeriodMs, 0, 0);
  }

  /** These settings with the FHIR server validating the mappings' output too. */
  public PlatformSettings validatingIngest() {
    return new PlatformSettings(dataDirectory, postgresPort, httpPort, fhirPath, idSecret, demoWomen, demoSeed,
        demoReferenceDate, demoFaultRate, pollPeriodMs, pushHttpPort, mllpPort, sweepEveryMs, true);
  }

  /** The hospitals' CSV drop folders: {@code <data>/drop/<source>/<adapter>/}. */
  public Path dropDirectory() {
    return dataDirectory.resolve("drop");
  }

  /** Used only when no secret is configured; the log says so. */
  static final String DEMO_ID_SECRET = "demo-only-id-secret-change-me";

  public static PlatformSettings fromEnvironment() {
    return new PlatformSettings(
        Path.of(get("mch.data-dir", "data")),
        Integer.parseInt(get("mch.postgres-port", "0")),
        Integer.parseInt(get("server.port", "8080")),
        get("mch.fhir.path", "/fhir"),
        get("mch.id-secret", DEMO_ID_SECRET),
        Integer.parseInt(get("mch.demo.women", "300")),
        Long.parseLong(get("mch.demo.seed", "20240630")),
        LocalDate.parse(get("mch.demo.reference-date", "2024-06-30")),
        Double.parseDouble(get("mch.demo.fault-rate", "0.03")),
        Long.parseLong(get("mch.poll-period-ms", "5000")),
        Integer.parseInt(get("mch.push.http-port", "8081")),
        Integer.parseInt(get("mch.push.mllp-port", "2575")),
        Long.parseLong(get("mch.sweep-every-ms", "900000")),
        Boolean.parseBoolean(get("mch.fhir.validate-ingest", "false")));
  }

  private static String get(String key, String fallback) {
    String value = System.getProperty(key);
    if (value == null) {
      value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return value == null || value.isBlank() ? fallback : value;
  }

  @Override
  public String toString() {
    return "PlatformSettings[data=" + dataDirectory + ", http=" + httpPort + fhirPath + ", demoWomen="
        + demoWomen + ", validateIngest=" + validateIngest + "]";
  }
}
