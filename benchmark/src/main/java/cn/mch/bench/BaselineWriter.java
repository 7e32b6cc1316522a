package cn.mch.bench;

import cn.mch.bench.StoredResources.Stored;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes resources to a FHIR server as a plain client would: each resource as its own {@code PUT},
 * or transaction Bundles of {@code PUT}s, from several writer threads, level by level of {@link
 * ReferenceLevels}. Counts what the server took and what it refused.
 */
final class BaselineWriter {

  /** What a run wrote: resources taken, refused, and the seconds it took. */
  record Result(long written, long refused, double seconds, String firstRefusal) {
    double rate() {
      return written / seconds;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  BaselineWriter(String fhirBaseUrl) {
    this.base = fhirBaseUrl;
  }

  /** Transaction Bundles of {@code bundleSize} PUTs from {@code writers} threads. */
  Result bundles(List<List<Stored>> levels, int bundleSize, int writers) throws Exception {
    List<List<List<Stored>>> work = new ArrayList<>();
    for (List<Stored> level : levels) {
      List<List<Stored>> bundles = new ArrayList<>();
      for (int i = 0; i < level.size(); i += bundleSize) {
        bundles.add(level.subList(i, Math.min(level.size(), i + bundleSize)));
      }
      work.add(bundles);
    }
    return run(work, writers, Long.MAX_VALUE, bundle -> send("POST", base, transaction(bundle)) ? bundle.size() : -bundle.size());
  }

  /** One PUT per resource from {@code writers} threads, stopping after {@code maxSeconds}. */
  Result singles(List<List<Stored>> levels, int writers, long maxSeconds) throws Exception {
    List<List<List<Stored>>> work = new ArrayList<>();
    for (List<Stored> level : levels) {
      work.add(level.stream().map(List::of).toList());
    }
    return run(work, writers, maxSeconds,
        one -> send("PUT", base + "/" + one.get(0).type() + "/" + one.get(0).id(), one.get(0).json()) ? 1 : -1);
  }

  private interface Unit {
    int write(List<Stored> unit) throws IOException, InterruptedException;
  }

  private final AtomicLong written = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile String firstRefusal;

  private Result run(List<List<List<Stored>>> levels, int writers, long maxSeconds, Unit unit) throws Exception {
    written.set(0);
    refused.set(0);
    firstRefusal = null;
    long started = System.nanoTime();
    long deadline = maxSeconds == Long.MAX_VALUE ? Long.MAX_VALUE : started + maxSeconds * 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (List<List<Stored>> level : levels) {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          running.add(pool.submit(() -> {
            int i;
            while ((i = next.getAndIncrement()) < level.size() && System.nanoTime() < deadline) {
              int n = unit.write(level.get(i));
              if (n > 0) {
                written.addAndGet(n);
              } else {
                refused.addAndGet(-n);
              }
            }
            return null;
          }));
        }
        for (Future<?> f : running) {
          f.get();
        }
        if (System.nanoTime() >= deadline) {
          break;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(written.get(), refused.get(), (System.nanoTime() - started) / 1e9, firstRefusal);
  }

  private boolean send(String method, String url, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofMinutes(5))
        .header("Content-Type", "application/fhir+json; charset=UTF-8")
        .header("Prefer", "return=minimal")
        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 == 2) {
      return true;
    }
    if (firstRefusal == null) {
      // The server's message only (an OperationOutcome), cut short: no resource content.
      String text = response.body();
      firstRefusal = "HTTP " + response.statusCode() + ": " + text.substring(0, Math.min(300, text.length()));
    }
    return false;
  }

  static String transaction(List<Stored> resources) {
    StringBuilder b = new StringBuilder(resources.size() * 1500);
    b.append("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < resources.size(); i++) {
      Stored r = resources.get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"fullUrl\":\"").append(r.type()).append('/').append(r.id()).append("\",\"resource\":")
          .append(r.json())
          .append(",\"request\":{\"method\":\"PUT\",\"url\":\"").append(r.type()).append('/').append(r.id()).append("\"}}");
    }
    return b.append("]}").toString();
  }
}
