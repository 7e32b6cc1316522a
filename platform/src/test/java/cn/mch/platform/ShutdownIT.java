package cn.mch.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.mch.ingest.PollsDone;
import cn.mch.server.person.PersonLinkage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Stopping the platform in the middle of a backfill (Ctrl+C on the one-command demo). The S
 * population's backfill takes minutes; a stop after its first committed batch must not wait for
 * the rest of it (nor run into Camel's shutdown timeout and cut batches short), must not log
 * errors (person linkage reading through connections already closed), and must lose nothing: after
 * a restart on the same data the backfill goes on from the watermarks, every source Patient ends
 * linked by exactly one person record, and a full pass over the sources again finds nothing to
 * write.
 */
class ShutdownIT {

  private static final String SECRET = "shutdown-test-id-secret";
  /** Generous for a batch in flight and a linkage drain on 2 busy cores; the old stop took over 60 s. */
  private static final Duration QUICK_STOP = Duration.ofSeconds(30);

  @TempDir static Path data;

  @Test
  void aStopDuringTheBackfillIsQuickAndCleanAndLosesNothing() throws Exception {
    PlatformSettings settings = new PlatformSettings(data, 0, 0, "/fhir", SECRET, 300, 20240630,
        LocalDate.of(2024, 6, 30), 0.03, 1000, 0, 0, 0);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    try {
      Platform platform = Platform.start(settings);
      // After the start: Spring Boot sets logging up again when the FHIR server starts.
      root.addAppender(logs);
      List<String> routes = platform.ingest().pollingRouteIds();
      PollsDone firstPoll = PollsDone.watch(platform.ingest().camelContext(), routes, 1);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (platform.ingest().phaseTimes().rows() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(platform.ingest().phaseTimes().rows() > 0, "a first batch was committed");
      // The test means something only if a backfill is still going when the stop comes.
      assertFalse(firstPoll.done(), "a backfill was still going at the stop");

      int before = logs.list.size();
      long stopping = System.nanoTime();
      platform.close();
      Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
      // Batches in flight at the stop commit before it returns.
      long rowsBeforeStop = platform.ingest().phaseTimes().rows();
      List<ILoggingEvent> atStop = List.copyOf(logs.list.subList(before, logs.list.size()));
      assertTrue(atStop.size() > 0, "the stop's log was read");
      System.out.printf("Shutdown test: %d rows committed before the stop, stop took %d ms%n",
          rowsBeforeStop, stop.toMillis());
      assertTrue(stop.compareTo(QUICK_STOP) < 0, "the stop took " + stop);
      List<String> errors = atStop.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
              || e.getLevel().isGreaterOrEqual(Level.WARN) && e.getLoggerName().contains("ShutdownStrategy"))
          .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
          .toList();
      assertEquals(List.of(), errors, "warnings of a forced stop or errors while stopping");
      assertTrue(atStop.stream().anyMatch(e -> e.getFormattedMessage().contains("stopping")
              && e.getLoggerName().equals(cn.mch.ingest.PollingRoute.class.getName())),
          "a backfill stopped before its end");

      platform = Platform.start(settings);
      try {
        CamelContext camel = platform.ingest().camelContext();
        assertEquals(List.of(), PollsDone.watch(camel, routes, 2).await(Duration.ofMinutes(20)), "routes not caught up");
        PersonLinkage linkage = platform.fhirServer().getBean(PersonLinkage.class);
        linkage.awaitIdle(Duration.ofMinutes(10));
        long rowsAfterRestart = platform.ingest().phaseTimes().rows();
        assertTrue(rowsAfterRestart > 0, "the backfill went on after the restart");

        PersonRecords persons = PersonRecords.read(platform.fhirBaseUrl());
        assertTrue(persons.persons() > 0, "person records were written");
        assertEquals(0, persons.unlinked(), "source Patients linked by no person record");
        assertEquals(0, persons.linkedTwice(), "source Patients linked by more than one person record");

        // Everything is there: a whole pass over the sources writes nothing new.
        DataSource fhir = platform.postgres().dataSource(Platform.FHIR_DATABASE);
        DataSource ingest = platform.postgres().dataSource(Platform.INGEST_DATABASE);
        long resources = count(fhir, "select count(*) from hfj_resource where res_deleted_at is null");
        long versions = count(fhir, "select count(*) from hfj_res_ver");
        long deadLetters = count(ingest, "select count(*) from ingest_dead_letter");
        for (String route : routes) {
          camel.getRouteController().stopRoute(route);
          platform.ingest().watermarks().reset(route);
        }
        platform.ingest().phaseTimes().reset();
        PollsDone again = PollsDone.watch(camel, routes, 2);
        for (String route : routes) {
          camel.getRouteController().startRoute(route);
        }
        assertEquals(List.of(), again.await(Duration.ofMinutes(20)), "routes not caught up in the full pass");
        linkage.awaitIdle(Duration.ofMinutes(10));
        long rowsInFullPass = platform.ingest().phaseTimes().rows();
        System.out.printf("Shutdown test: %d rows after the restart, %d in a full pass, %d resources%n",
            rowsAfterRestart, rowsInFullPass, resources);
        assertEquals(rowsInFullPass, rowsBeforeStop + rowsAfterRestart,
            "every source row was committed once: before the stop or after the restart");
        assertEquals(resources, count(fhir, "select count(*) from hfj_resource where res_deleted_at is null"),
            "resources written by a full pass after the restart");
        assertEquals(versions, count(fhir, "select count(*) from hfj_res_ver"), "versions written by that pass");
        assertEquals(deadLetters, count(ingest, "select count(*) from ingest_dead_letter"), "new dead letters");
      } finally {
        platform.close();
      }
    } finally {
      root.detachAppender(logs);
    }
  }

  private static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
