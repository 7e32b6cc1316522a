package cn.mch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Everything an ingest node needs, read from {@code ingest.*} keys. Each key can be set as a
 * system property ({@code -Dingest.fhir-url=...}) or an environment variable ({@code
 * INGEST_FHIR_URL}); defaults are in {@code ingest-defaults.properties}.
 *
 * @param fhirBaseUrl the FHIR server to write to ({@code ingest.fhir-url})
 * @param concurrentWrites transactions this node sends to the FHIR server at once, whatever the
 *     number of routes; the others wait their turn ({@code ingest.fhir.concurrent-writes})
 * @param platformJdbcUrl the platform's own database for watermarks and dead letters ({@code
 *     ingest.platform-db.url}, {@code .username}, {@code .password})
 * @param idSecret secret of the keyed tokens resource ids are made of ({@code ingest.id-secret}); the
 *     same on every node, never logged
 * @param ingestKey the FHIR server's ingest key ({@code ingest.fhir.ingest-key}), sent with writes of
 *     the mappings' output, which the server then does not validate again; empty: none is sent.
 *     Never with a hospital's FHIR push: the server validates those. Never logged
 * @param polling poll timing and batch size ({@code ingest.poll.*})
 * @param hospitals hospitals to poll ({@code ingest.hospitals=hospital-a,...} and {@code
 *     ingest.hospital.<code>.name|url|username|password})
 * @param registries registries to poll ({@code ingest.registries=child-health,marriage-registry,
 *     birth-registry} and {@code ingest.registry.<code>.name|url|username|password})
 * @param maximumRedeliveries retries of a transient failure before the poll gives up ({@code
 *     ingest.retry.maximum})
 * @param redeliveryDelayMs first retry delay, doubled each time ({@code ingest.retry.delay-ms})
 * @param push the push channels: CSV drop folders, FHIR endpoint, MLLP listener ({@code
 *     ingest.drop.*}, {@code ingest.push.*})
 */
public record IngestSettings(
    String fhirBaseUrl,
    int concurrentWrites,
    String platformJdbcUrl,
    String platformUsername,
    String platformPassword,
    String idSecret,
    String ingestKey,
    PollingSettings polling,
    List<SourceConnection> hospitals,
    List<SourceConnection> registries,
    int maximumRedeliveries,
    long redeliveryDelayMs,
    PushSettings push) {

  /** Reads settings from system properties, then environment variables, then the defaults file. */
  public static IngestSettings fromEnvironment() {
    return from(layered(Map.of(), IngestSettings::fromSystem));
  }

  /**
   * Keys looked up in layers: {@code fixed} first (what an embedding program such as the platform
   * sets itself), then {@code outside} (e.g. {@link #fromSystem}), then the defaults file.
   */
  public static UnaryOperator<String> layered(Map<String, String> fixed, UnaryOperator<String> outside) {
    Properties defaults = defaults();
    return key -> {
      String value = fixed.get(key);
      if (value == null) {
        value = outside.apply(key);
      }
      return value != null ? value : defaults.getProperty(key);
    };
  }

  /**
   * A key as set for this JVM: the system property ({@code -Dingest.fhir.concurrent-writes=2}),
   * else the environment variable ({@code INGEST_FHIR_CONCURRENT_WRITES}); null when neither is.
   */
  public static String fromSystem(String key) {
    String value = System.getProperty(key);
    if (value == null) {
      value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return value;
  }

  /** Reads settings through {@code lookup}, which returns null for an unset key. */
  public static IngestSettings from(UnaryOperator<String> lookup) {
    List<SourceConnection> hospitals = sources(lookup, "ingest.hospitals", "ingest.hospital.");
    List<SourceConnection> registries = sources(lookup, "ingest.registries", "ingest.registry.");
    return new IngestSettings(
        required(lookup, "ingest.fhir-url"),
        Integer.parseInt(required(lookup, "ingest.fhir.concurrent-writes")),
        required(lookup, "ingest.platform-db.url"),
        required(lookup, "ingest.platform-db.username"),
        orEmpty(lookup, "ingest.platform-db.password"),
        required(lookup, "ingest.id-secret"),
        orEmpty(lookup, "ingest.fhir.ingest-key").strip(),
        new PollingSettings(
            Long.parseLong(required(lookup, "ingest.poll.initial-delay-ms")),
            Long.parseLong(required(lookup, "ingest.poll.period-ms")),
            Integer.parseInt(required(lookup, "ingest.poll.batch-size")),
            ZoneId.of(required(lookup, "ingest.poll.source-zone")),
            java.time.Duration.parse(required(lookup, "ingest.poll.sweep-every")).toMillis()),
        hospitals,
        registries,
        Integer.parseInt(required(lookup, "ingest.retry.maximum")),
        Long.parseLong(required(lookup, "ingest.retry.delay-ms")),
        new PushSettings(
            optional(lookup, "ingest.drop.dir") == null ? null : java.nio.file.Path.of(optional(lookup, "ingest.drop.dir")),
            java.nio.charset.Charset.forName(required(lookup, "ingest.drop.charset")),
            Long.parseLong(required(lookup, "ingest.drop.poll-ms")),
            port(lookup, "ingest.push.http-port"),
            port(lookup, "ingest.push.mllp-port")));
  }

  private static String optional(UnaryOperator<String> lookup, String key) {
    String value = lookup.apply(key);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Integer port(UnaryOperator<String> lookup, String key) {
    String value = optional(lookup, key);
    return value == null ? null : Integer.valueOf(value);
  }

  private static List<SourceConnection> sources(UnaryOperator<String> lookup, String listKey, String prefix) {
    String list = lookup.apply(listKey);
    if (list == null) {
      return List.of();
    }
    return Arrays.stream(list.split(","))
        .map(String::strip)
        .filter(code -> !code.isEmpty())
        .map(code -> source(lookup, prefix, code))
        .toList();
  }

  private static SourceConnection source(UnaryOperator<String> lookup, String kind, String code) {
    String prefix = kind + code + ".";
    return new SourceConnection(
        code,
        required(lookup, prefix + "name"),
        required(lookup, prefix + "url"),
        required(lookup, prefix + "username"),
        orEmpty(lookup, prefix + "password"));
  }

  private static String required(UnaryOperator<String> lookup, String key) {
    String value = lookup.apply(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Setting " + key + " is required");
    }
    return value.strip();
  }

  private static String orEmpty(UnaryOperator<String> lookup, String key) {
    String value = lookup.apply(key);
    return value == null ? "" : value;
  }

  /** The shipped defaults, for keys a deployment does not set. */
  public static Properties defaults() {
    Properties properties = new Properties();
    try (InputStream in = IngestSettings.class.getResourceAsStream("/ingest-defaults.properties")) {
      if (in != null) {
        properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /** Never prints the secrets or passwords. */
  @Override
  public String toString() {
    return "IngestSettings[fhir=" + fhirBaseUrl + ", concurrent-writes=" + concurrentWrites
        + ", ingest-key=" + (ingestKey.isEmpty() ? "unset" : "set") + ", platform-db=" + platformJdbcUrl + ", hospitals="
        + hospitals + ", registries=" + registries + ", polling=" + polling + ", push=" + push + "]";
  }
}
