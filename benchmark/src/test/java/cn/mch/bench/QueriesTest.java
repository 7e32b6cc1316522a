package cn.mch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.bench.StoredResources.Stored;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueriesTest {

  @Test
  void percentilesAreNearestRank() {
    double[] hundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
    assertEquals(50, Queries.rank(hundred, 0.50));
    assertEquals(95, Queries.rank(hundred, 0.95));
    assertEquals(99, Queries.rank(hundred, 0.99));

    double[] three = {10, 20, 30};
    assertEquals(20, Queries.rank(three, 0.50));
    assertEquals(30, Queries.rank(three, 0.95));
    assertEquals(10, Queries.rank(new double[] {10}, 0.99));
  }

  @Test
  void aVisitOnTheTwentyNinthOfFebruaryLooksBackToADateThatExists() throws Exception {
    Stored visit = new Stored("Encounter", "e1", """
        {"resourceType":"Encounter","id":"e1","subject":{"reference":"Patient/p1"},
         "type":[{"coding":[{"system":"http://snomed.info/sct","code":"424619006"}]}],
         "period":{"start":"2020-02-29T09:30:00+08:00"}}""");

    Queries.Query visits = Queries.from(List.of(visit), 1).stream()
        .filter(q -> q.name().startsWith("A woman's prenatal visits")).findFirst().orElseThrow();

    String path = visits.calls().get(0).path();
    assertTrue(path.endsWith("&date=ge2019-02-28&date=le2020-02-29&_count=50"), path);
  }

  @Test
  void theServersTakeTurnsAndWhoGoesFirstAlternates() throws Exception {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      order.add(exchange.getRequestURI().getPath().split("/")[1]);
      exchange.sendResponseHeaders(exchange.getRequestURI().getPath().startsWith("/b/") ? 404 : 200, -1);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Map<String, String> bases = new LinkedHashMap<>();
      bases.put("a", base + "/a");
      bases.put("b", base + "/b");
      Queries.Query query = new Queries.Query("q", List.of(new Queries.Call("GET", "/Patient", null)), false);

      Map<String, Queries.Timing> timings = new Queries().time(bases, query, 1, 3);

      // One untimed round (a, b), then timed rounds: a first, b first, a first.
      assertEquals(List.of("a", "b", "a", "b", "b", "a", "a", "b"), order);
      assertEquals(0, timings.get("a").failures());
      assertEquals(3, timings.get("b").failures());
      assertEquals(3, timings.get("a").runs());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void everyRequestCarriesTheCacheControlItWasGiven() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      seen.add(exchange.getRequestHeaders().getFirst("Cache-Control"));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Queries.Call call = new Queries.Call("GET", "/Patient", null);

      new Queries().call(base, call);
      new Queries("no-store, max-results=50").call(base, call);

      assertEquals(List.of("no-cache", "no-store, max-results=50"), seen);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theCacheControlOptionIsParsedAndDefaultsToNoCache() {
    assertEquals("no-cache", Benchmark.Options.parse(new String[0]).cacheControl());
    assertEquals("no-store, max-results=50",
        Benchmark.Options.parse(new String[] {"--cache-control", "no-store, max-results=50"}).cacheControl());
  }
}
