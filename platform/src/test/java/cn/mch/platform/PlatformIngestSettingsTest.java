package cn.mch.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.mch.ingest.IngestSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The platform's own ingest node takes tuning keys from its JVM, and its sources from the platform. */
class PlatformIngestSettingsTest {

  private static final Map<String, String> PLATFORM =
      Map.of(
          "ingest.fhir-url", "http://localhost:8080/fhir",
          "ingest.platform-db.url", "jdbc:postgresql://localhost:5432/ingest",
          "ingest.platform-db.username", "postgres",
          "ingest.id-secret", "a-test-secret-of-enough-length-0123456789",
          "ingest.hospitals", "",
          "ingest.push.http-port", "");

  @Test
  void tuningKeysGivenToTheJvmOverrideTheDefaults() {
    Map<String, String> outside = Map.of("ingest.fhir.concurrent-writes", "2", "ingest.poll.batch-size", "500");

    IngestSettings settings = IngestSettings.from(IngestSettings.layered(PLATFORM, outside::get));

    assertEquals(2, settings.concurrentWrites());
    assertEquals(500, settings.polling().batchSize());
  }

  @Test
  void withNothingGivenTheIngestDefaultsHold() {
    IngestSettings settings = IngestSettings.from(IngestSettings.layered(PLATFORM, key -> null));

    assertEquals(
        Integer.parseInt(IngestSettings.defaults().getProperty("ingest.fhir.concurrent-writes")), settings.concurrentWrites());
    assertEquals(Integer.parseInt(IngestSettings.defaults().getProperty("ingest.poll.batch-size")), settings.polling().batchSize());
  }

  @Test
  void whatThePlatformSetsIsNotOverridden() {
    Map<String, String> outside = new HashMap<>();
    outside.put("ingest.fhir-url", "http://elsewhere/fhir");
    outside.put("ingest.hospitals", "hospital-x");
    outside.put("ingest.push.http-port", "9999");
    UnaryOperator<String> lookup = IngestSettings.layered(PLATFORM, outside::get);

    IngestSettings settings = IngestSettings.from(lookup);

    assertEquals("http://localhost:8080/fhir", settings.fhirBaseUrl());
    assertEquals(0, settings.hospitals().size());
    assertNull(settings.push().httpPort(), "a push port the platform left off stays off");
  }
}
