package cn.mch.bench;

import cn.mch.bench.StoredResources.Stored;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The analysts' and clinicians' queries, each with parameters taken from the stored data (many
 * different mothers, hospitals, years), timed over repeated runs against a FHIR base. Personal
 * identifiers (resident id, name) go in a {@code POST _search} form body, never in the URL.
 * Every request says {@code Cache-Control: no-cache} unless told otherwise: HAPI would otherwise
 * answer a repeated search from its cache of results for 60 s, which times the cache, not the
 * search. ({@code no-store, max-results=N} has HAPI search synchronously, without storing results
 * for paging: {@code --cache-control}.)
 */
final class Queries {

  /** A request: method, path after the FHIR base, form body for POST. */
  record Call(String method, String path, String form) {}

  /** A query: its name and its calls, one per run (cycled). */
  record Query(String name, List<Call> calls, boolean platformOnly) {}

  /** Milliseconds per run: p50, p95, p99, and requests that did not answer 200. */
  record Timing(double p50, double p95, double p99, int failures, int runs) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESIDENT_ID = "urn:oid:2.16.156.10011.1.3";
  private static final String LOINC = "http://loinc.org";
  private static final String PLATFORM = "http://mch-platform.example/fhir";
  /**
   * The page size every query that can find more than one page asks for: the servers' default
   * page sizes differ (the platform 20, HAPI's default 10), and a larger page is more work.
   */
  private static final int PAGE = 50;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String cacheControl;

  Queries() {
    this("no-cache");
  }

  Queries(String cacheControl) {
    this.cacheControl = cacheControl;
  }

  /** The query set, parameters drawn (seeded) from the resources. */
  static List<Query> from(List<Stored> resources, int variants) throws Exception {
    Map<String, JsonNode> patients = new HashMap<>();
    Map<String, JsonNode> encounters = new HashMap<>();
    List<String> mothers = new ArrayList<>();
    List<String> episodes = new ArrayList<>();
    List<JsonNode> prenatalVisits = new ArrayList<>();
    List<JsonNode> birthWeights = new ArrayList<>();
    Map<String, Boolean> hasBloodPressure = new HashMap<>();
    for (Stored r : resources) {
      switch (r.type()) {
        case "Patient" -> patients.put(r.id(), JSON.readTree(r.json()));
        case "Encounter" -> {
          JsonNode e = JSON.readTree(r.json());
          encounters.put(r.id(), e);
          if (e.path("type").toString().contains("424619006")) {
            prenatalVisits.add(e);
          }
        }
        case "EpisodeOfCare" -> {
          JsonNode e = JSON.readTree(r.json());
          episodes.add(r.id());
          mothers.add(id(e.path("patient").path("reference").asText()));
        }
        case "Observation" -> {
          if (r.json().contains("\"8339-4\"")) {
            birthWeights.add(JSON.readTree(r.json()));
          } else if (r.json().contains("\"85354-9\"")) {
            hasBloodPressure.put(id(JSON.readTree(r.json()).path("subject").path("reference").asText()), true);
          }
        }
        default -> {}
      }
    }
    Random random = new Random(20241123);
    List<String> mothersWithIds = mothers.stream().distinct()
        .filter(m -> patients.containsKey(m) && !residentId(patients.get(m)).isEmpty()).toList();
    List<String> mothersWithBp = mothersWithIds.stream().filter(hasBloodPressure::containsKey).toList();
    List<Query> queries = new ArrayList<>();
    queries.add(new Query("Patient by resident ID (token)", draw(mothersWithIds, variants, random, m ->
        new Call("POST", "/Patient/_search", "identifier=" + enc(RESIDENT_ID + "|" + residentId(patients.get(m))))), false));
    queries.add(new Query("Patient by Chinese name", draw(mothersWithIds, variants, random, m ->
        new Call("POST", "/Patient/_search", "name=" + enc(officialName(patients.get(m))))), false));
    queries.add(new Query("A woman's prenatal visits in a date range", draw(prenatalVisits, variants, random, v -> {
      LocalDate start = LocalDate.parse(v.path("period").path("start").asText().substring(0, 10));
      // minusYears: a visit on 29 February looks back to 28 February, a date that exists.
      return new Call("GET", "/Encounter?patient=" + enc(v.path("subject").path("reference").asText())
          + "&type=" + enc("http://snomed.info/sct|424619006")
          + "&date=ge" + start.minusYears(1) + "&date=le" + start + "&_count=" + PAGE, null);
    }), false));
    queries.add(new Query("Latest blood pressure", draw(mothersWithBp, variants, random, m ->
        new Call("GET", "/Observation?patient=Patient/" + m + "&code=" + enc(LOINC + "|85354-9") + "&_sort=-date&_count=1", null)), false));
    // The data has no addresses yet: a district is its hospital (the delivering organization).
    List<String> districtYears = birthWeights.stream()
        .map(o -> {
          JsonNode encounter = encounters.get(id(o.path("encounter").path("reference").asText()));
          String org = encounter == null ? "" : encounter.path("serviceProvider").path("reference").asText();
          String when = o.path("effectiveDateTime").asText();
          return org.isEmpty() || when.length() < 4 ? null : org + " " + when.substring(0, 4);
        })
        .filter(s -> s != null).distinct().sorted().toList();
    queries.add(new Query("Low-birth-weight births, district hospital and year", draw(districtYears, variants, random, dy -> {
      String[] p = dy.split(" ");
      int year = Integer.parseInt(p[1]);
      return new Call("GET", "/Observation?code=" + enc(LOINC + "|8339-4") + "&value-quantity=lt2500&date=ge" + year
          + "-01-01&date=lt" + (year + 1) + "-01-01&encounter.service-provider=" + enc(p[0]) + "&_count=" + PAGE, null);
    }), false));
    String colour = PLATFORM + "/CodeSystem/pregnancy-risk-colour|";
    queries.add(new Query("Pregnancies with a red or orange risk colour", List.of(new Call("GET",
        "/Observation?code=" + enc(PLATFORM + "/CodeSystem/mch-observation|pregnancy-risk-colour")
            + "&value-concept=" + enc(colour + "red," + colour + "orange") + "&_count=" + PAGE, null)), false));
    queries.add(new Query("A pregnancy's encounters with _include", draw(episodes, variants, random, e ->
        new Call("GET", "/Encounter?episode-of-care=EpisodeOfCare/" + e + "&_include=Encounter:episode-of-care&_count=" + PAGE,
            null)), false));
    queries.add(new Query("Chained: Observations of a hospital's patients", List.of("hospital-a", "hospital-b").stream()
        .map(h -> new Call("GET", "/Observation?subject:Patient.identifier=" + enc(PLATFORM + "/sid/" + h + "/patient-no|")
            + "&_count=20", null)).toList(), false));
    queries.add(new Query("Patient/$everything of a mother", draw(mothersWithIds, variants, random, m ->
        new Call("GET", "/Patient/" + m + "/$everything?_count=" + PAGE, null)), false));
    queries.add(new Query("Patient/$lifelong-record of a mother", draw(mothersWithIds, variants, random, m ->
        new Call("GET", "/Patient/" + m + "/$lifelong-record", null)), true));
    return queries;
  }

  /**
   * Runs a query {@code runs} times on each server after {@code warmup} untimed runs on each, the
   * servers taking turns call by call (who goes first alternates), so that both meet the same JIT
   * state, the same database background work and the same parameters.
   */
  Map<String, Timing> time(Map<String, String> bases, Query query, int warmup, int runs) throws Exception {
    List<String> servers = new ArrayList<>(bases.keySet());
    for (int i = 0; i < warmup; i++) {
      for (String server : servers) {
        call(bases.get(server), query.calls().get(i % query.calls().size()));
      }
    }
    Map<String, double[]> millis = new LinkedHashMap<>();
    Map<String, Integer> failures = new HashMap<>();
    servers.forEach(server -> millis.put(server, new double[runs]));
    for (int i = 0; i < runs; i++) {
      Call call = query.calls().get(i % query.calls().size());
      for (int turn = 0; turn < servers.size(); turn++) {
        String server = servers.get((turn + i) % servers.size());
        long started = System.nanoTime();
        if (call(bases.get(server), call) != 200) {
          failures.merge(server, 1, Integer::sum);
        }
        millis.get(server)[i] = (System.nanoTime() - started) / 1e6;
      }
    }
    Map<String, Timing> timings = new LinkedHashMap<>();
    millis.forEach((server, m) -> {
      Arrays.sort(m);
      timings.put(server, new Timing(rank(m, 0.50), rank(m, 0.95), rank(m, 0.99), failures.getOrDefault(server, 0), runs));
    });
    return timings;
  }

  /** Sends one call; returns the HTTP status. */
  int call(String base, Call call) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.path()))
        .timeout(Duration.ofMinutes(2))
        .header("Accept", "application/fhir+json")
        .header("Cache-Control", cacheControl);
    if (call.form() != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(call.form(), StandardCharsets.UTF_8));
    } else {
      request.GET();
    }
    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return response.statusCode();
  }

  /** Nearest-rank percentile of sorted values. */
  static double rank(double[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static <T> List<Call> draw(List<T> from, int n, Random random, Function<T, Call> call) {
    if (from.isEmpty()) {
      return List.of();
    }
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(call.apply(from.get(random.nextInt(from.size()))));
    }
    return calls;
  }

  private static String residentId(JsonNode patient) {
    for (JsonNode identifier : patient.path("identifier")) {
      if (RESIDENT_ID.equals(identifier.path("system").asText())) {
        return identifier.path("value").asText();
      }
    }
    return "";
  }

  private static String officialName(JsonNode patient) {
    for (JsonNode name : patient.path("name")) {
      if ("official".equals(name.path("use").asText()) && name.has("text")) {
        return name.path("text").asText();
      }
    }
    return patient.path("name").path(0).path("text").asText();
  }

  private static String id(String reference) {
    return reference.substring(reference.indexOf('/') + 1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
