package cn.mch.ingest;

import cn.mch.localpg.LocalPostgres;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Ingest settings for a test: hospital A alone, with no FHIR server listening, polled at once. */
final class TestIngestSettings {

  private TestIngestSettings() {}

  /**
   * Hospital A on {@code hospitalDatabase}, the ingest state in database {@code ingest} (both on
   * {@code postgres}), writes to a port nothing listens on, first poll at once and then every 100
   * ms; {@code overrides} replace any of these or the defaults.
   */
  static IngestSettings hospitalA(LocalPostgres postgres, String hospitalDatabase, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    // Nothing listens on port 1: every write is refused at once.
    values.put("ingest.fhir-url", "http://127.0.0.1:1/fhir");
    values.put("ingest.platform-db.url", postgres.jdbcUrl("ingest"));
    values.put("ingest.platform-db.username", postgres.username());
    values.put("ingest.id-secret", "ingest-test-secret");
    values.put("ingest.poll.initial-delay-ms", "0");
    values.put("ingest.poll.period-ms", "100");
    values.put("ingest.hospitals", "hospital-a");
    values.put("ingest.hospital.hospital-a.name", "test hospital");
    values.put("ingest.hospital.hospital-a.url", postgres.jdbcUrl(hospitalDatabase));
    values.put("ingest.hospital.hospital-a.username", postgres.username());
    values.putAll(overrides);
    Properties defaults = IngestSettings.defaults();
    return IngestSettings.from(key -> values.getOrDefault(key, defaults.getProperty(key)));
  }
}
