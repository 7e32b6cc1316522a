package cn.mch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.demo.sql.SqlScripts;
import cn.mch.ingest.fhir.TransientWriteException;
import cn.mch.ingest.store.Watermark;
import cn.mch.localpg.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the FHIR server cannot be reached, polls fail after their retries and commit nothing: the
 * watermark does not move and no record is dead-lettered, not even one that could never map.
 */
class FhirServerDownIT {

  @TempDir static Path dataDirectory;
  private static LocalPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = LocalPostgres.start(dataDirectory, 0);
    postgres.createDatabaseIfMissing("ingest");
    postgres.createDatabaseIfMissing("hospital");
    try (Connection c = postgres.dataSource("hospital").getConnection();
        Statement s = c.createStatement()) {
      SqlScripts.run(c, "/demo/hospital-a/schema.sql");
      s.execute(
          "insert into patient (patient_no, full_name, id_card_no, birth_date, sex) values"
              + " ('P1', '张丽', '310104199203150020', '1992-03-15', 'F'),"
              + " ('P2', '王芳', '310104199203150021', '1992-03-15', 'F')");
    }
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void failedPollsCommitNothing() throws Exception {
    IngestSettings settings = TestIngestSettings.hospitalA(postgres, "hospital",
        Map.of("ingest.retry.maximum", "2", "ingest.retry.delay-ms", "10"));
    List<Throwable> failures = new CopyOnWriteArrayList<>();

    try (IngestRuntime ingest = IngestRuntime.create(settings)) {
      NotifyBuilder threeFailedPolls =
          new NotifyBuilder(ingest.camelContext()).fromRoute("hospital-a-patients").whenFailed(3).create();
      ingest.camelContext().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
        @Override
        public void notify(CamelEvent event) {
          if (event instanceof ExchangeFailedEvent failed) {
            failures.add(failed.getExchange().getException());
          }
        }
      });
      ingest.start();

      assertTrue(threeFailedPolls.matches(60, TimeUnit.SECONDS), "polls failed as the server is down");
      assertEquals(Watermark.START, ingest.watermarks().load("hospital-a-patients"));
      // The rows were read and mapped; it is the write that failed, after its retries.
      assertFalse(failures.isEmpty());
      assertTrue(failures.stream().allMatch(TransientWriteException.class::isInstance), failures::toString);
      // Each try counts (the first and its two retries per failed poll), none as a conflict.
      assertTrue(ingest.phaseTimes().failedWrites() >= 9, "failed writes: " + ingest.phaseTimes().failedWrites());
      assertTrue(ingest.phaseTimes().resourcesInFailedWrites() >= ingest.phaseTimes().failedWrites());
      assertEquals(0, ingest.phaseTimes().conflicts());
      assertEquals(0, ingest.phaseTimes().rows(), "no batch committed");
    }
    assertEquals(0, count("select count(*) from ingest_dead_letter"));
    assertEquals(0, count("select count(*) from ingest_watermark"));
  }

  private static int count(String query) throws Exception {
    try (Connection c = postgres.dataSource("ingest").getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
