package cn.mch.ingest.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import cn.mch.ingest.Batch;
import cn.mch.ingest.store.Watermark;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.TransactionBundles;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class FhirWriterTest {

  @Test
  void refusalsForTheDataArePermanent() {
    assertTrue(FhirWriter.isPermanent(400));
    assertTrue(FhirWriter.isPermanent(412));
    assertTrue(FhirWriter.isPermanent(422));
  }

  @Test
  void timeoutsConflictsRateLimitsAndServerErrorsAreRetried() {
    assertFalse(FhirWriter.isPermanent(408));
    assertFalse(FhirWriter.isPermanent(409)); // two writers created the same resource at once
    assertFalse(FhirWriter.isPermanent(429));
    assertFalse(FhirWriter.isPermanent(500));
    assertFalse(FhirWriter.isPermanent(503));
  }

  @Test
  void batchesAreSplitIntoTransactionsOfWholeRecordsBelowTheEntryLimit() {
    List<MappedRecord> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      List<Resource> resources = new ArrayList<>();
      for (int r = 0; r < 9; r++) {
        resources.add(new Observation().setId("o" + i + "-" + r));
      }
      records.add(new MappedRecord(new SourceKey("s", "e", "k" + i), resources));
    }

    var chunks = FhirWriter.chunks(records);

    assertEquals(100, chunks.stream().mapToInt(List::size).sum());
    assertEquals(records, chunks.stream().flatMap(List::stream).toList());
    for (var chunk : chunks) {
      assertTrue(chunk.stream().mapToInt(r -> r.resources().size()).sum() <= FhirWriter.MAX_ENTRIES);
    }
    assertEquals(3, chunks.size());
  }

  @Test
  void noMoreTransactionsInFlightThanAllowedHoweverManyRoutesWrite() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger received = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/fhir", exchange -> {
      int now = inFlight.incrementAndGet();
      most.accumulateAndGet(now, Math::max);
      try {
        exchange.getRequestBody().readAllBytes();
        Thread.sleep(50);
        received.incrementAndGet();
        answerTransaction(exchange);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
        exchange.close();
      }
    });
    server.start();
    ExecutorService routes = Executors.newFixedThreadPool(12);
    try {
      FhirWriter writer = new FhirWriter(FhirContext.forR4(), "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir", 2);
      List<Future<Batch>> written = new ArrayList<>();
      for (int route = 0; route < 12; route++) {
        int r = route;
        written.add(routes.submit(() -> writer.write(new Batch(1,
            List.of(new MappedRecord(new SourceKey("s", "e", "k" + r), List.of(new Observation().setId("o" + r)))),
            List.of(), Watermark.START))));
      }
      for (Future<Batch> batch : written) {
        assertTrue(batch.get().rejected().isEmpty());
      }
    } finally {
      routes.shutdownNow();
      server.stop(0);
    }
    assertEquals(12, received.get(), "every route's transaction was sent");
    assertEquals(2, most.get(), "never more than two at once, and two side by side");
  }

  @Test
  void theIngestKeyGoesWithTheMappingsWritesNotWithWritesTheServerMustCheck() throws Exception {
    List<String> keys = java.util.Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/fhir", exchange -> {
      exchange.getRequestBody().readAllBytes();
      keys.add(String.valueOf(exchange.getRequestHeaders().getFirst(TransactionBundles.INGEST_KEY_HEADER)));
      answerTransaction(exchange);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
      Batch batch = new Batch(1, List.of(new MappedRecord(new SourceKey("s", "e", "k"), List.of(new Observation().setId("o")))),
          List.of(), Watermark.START);
      FhirWriter mapped = new FhirWriter(FhirContext.forR4(), base, 2, "the-ingest-key-0123456789abcdefghij");

      mapped.write(batch);
      mapped.checkedByServer().write(batch);
      new FhirWriter(FhirContext.forR4(), base, 2).write(batch);
    } finally {
      server.stop(0);
    }
    assertEquals(List.of("the-ingest-key-0123456789abcdefghij", "null", "null"), keys);
  }

  @Test
  void aWriterToldToStopSendsNoMoreTransactionsOfTheBatch() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    AtomicInteger received = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/fhir", exchange -> {
      exchange.getRequestBody().readAllBytes();
      received.incrementAndGet();
      // The node is told to stop while the batch's first transaction is being written.
      stop.set(true);
      answerTransaction(exchange);
      exchange.close();
    });
    server.start();
    try {
      List<MappedRecord> records = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        List<Resource> resources = new ArrayList<>();
        for (int r = 0; r < FhirWriter.MAX_ENTRIES / 2; r++) {
          resources.add(new Observation().setId("o" + i + "-" + r));
        }
        records.add(new MappedRecord(new SourceKey("s", "e", "k" + i), resources));
      }
      Batch batch = new Batch(3, records, List.of(), Watermark.START);
      FhirWriter writer = new FhirWriter(FhirContext.forR4(), "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir", 1);

      assertThrows(FhirWriter.Abandoned.class, () -> writer.write(batch, stop::get));
      assertEquals(1, received.get(), "the transaction begun was written, the one after it not sent");
      assertEquals(batch, writer.write(batch), "a writer not told to stop writes it all");
      assertEquals(3, received.get());
    } finally {
      server.stop(0);
    }
  }

  /** An empty transaction-response, as a server that committed the transaction answers. */
  private static void answerTransaction(HttpExchange exchange) throws java.io.IOException {
    byte[] body = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}".getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
  }

  @Test
  void noPermitToWriteIsASettingError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FhirWriter(FhirContext.forR4(), "http://127.0.0.1:1/fhir", 0));
    assertTrue(e.getMessage().contains("ingest.fhir.concurrent-writes"), e.getMessage());
  }
}
