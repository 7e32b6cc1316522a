package cn.mch.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;

/**
 * Waits for polling routes to finish a number of polls begun after this watch was made. A poll
 * works through the whole backlog (a full batch is followed at once by the next), so the second
 * finished poll of a route means everything present at the first one's start has been read: how a
 * benchmark or a test knows a backfill is over.
 */
public final class PollsDone {

  private final Map<String, NotifyBuilder> routes = new LinkedHashMap<>();

  private PollsDone(CamelContext camel, List<String> routeIds, int polls) {
    for (String route : routeIds) {
      routes.put(route, new NotifyBuilder(camel).fromRoute(route).whenCompleted(polls).create());
    }
  }

  /** Starts counting the finished polls of {@code routeIds}, each to reach {@code polls}. */
  public static PollsDone watch(CamelContext camel, List<String> routeIds, int polls) {
    return new PollsDone(camel, routeIds, polls);
  }

  /**
   * Waits, one deadline for all the routes (they run side by side), and returns those that had not
   * finished their polls by then: empty when all did.
   */
  public List<String> await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> unfinished = new ArrayList<>();
    for (var route : routes.entrySet()) {
      if (!route.getValue().matches(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        unfinished.add(route.getKey());
      }
    }
    return unfinished;
  }

  /** Whether every route has finished its polls, without waiting. */
  public boolean done() {
    return routes.values().stream().allMatch(NotifyBuilder::matches);
  }
}
