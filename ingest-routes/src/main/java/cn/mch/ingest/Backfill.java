package cn.mch.ingest;

import cn.mch.ingest.store.Watermark;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress of a route's backfill: from the first full batch (the source has more than one
 * batch to give) until a batch comes back short. At its start the rows still to read are counted
 * by the route's own SQL adapter, wrapped in {@code select count(*)}; then every 10 seconds the
 * log says rows done of the total, the rate and the time left, and {@link #snapshot()} gives the
 * same to the progress API.
 */
final class Backfill {

  private static final Logger log = LoggerFactory.getLogger(Backfill.class);
  private static final Pattern PARAMETER = Pattern.compile(":#(\\w+)");
  private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

  private final String routeId;
  private final String countSql;
  private final List<String> parameters = new ArrayList<>();

  private boolean active;
  private long total;
  private long done;
  private long started;
  private long lastLog;
  private long rowsSinceStart;

  /** @param adapter the classpath resource of the route's SQL adapter, e.g. {@code sql/hospital-a/patients.sql} */
  Backfill(String routeId, String adapter) {
    this.routeId = routeId;
    String sql = resource(adapter).replaceAll("--[^\\n]*", "").strip();
    Matcher m = PARAMETER.matcher(sql);
    StringBuilder positional = new StringBuilder();
    while (m.find()) {
      parameters.add(m.group(1));
      m.appendReplacement(positional, "?");
    }
    m.appendTail(positional);
    this.countSql = "select count(*) from (" + positional + ") adapter_rows";
  }

  /**
   * After a batch was committed.
   *
   * @param since the watermark the batch was read after
   * @param source the source's database, asked for only when a backfill starts
   */
  synchronized void batch(int rows, boolean full, Watermark since, Supplier<DataSource> source) {
    rowsSinceStart += rows;
    long now = System.nanoTime();
    if (!active && full) {
      active = true;
      total = count(since, source.get());
      done = 0;
      started = now;
      lastLog = now;
    }
    if (!active) {
      return;
    }
    done += rows;
    if (!full) {
      active = false;
      double seconds = Math.max((now - started) / 1e9, 0.001);
      log.info("{}: backfill done, {} rows in {} s ({} rows/s)", routeId, done, Math.round(seconds), Math.round(done / seconds));
    } else if (now - lastLog >= LOG_EVERY_NANOS) {
      lastLog = now;
      Map<String, Object> s = snapshot();
      log.info("{}: backfill {}/{} rows ({}%), {} rows/s, about {} s left", routeId, done, total,
          s.get("percent"), s.get("rowsPerSecond"), s.get("secondsLeft"));
    }
  }

  /** Rows done and to do, rate and time left; {@code backfilling} false when caught up. */
  synchronized Map<String, Object> snapshot() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("route", routeId);
    s.put("backfilling", active);
    s.put("rowsReadSinceStart", rowsSinceStart);
    if (active) {
      double seconds = Math.max((System.nanoTime() - started) / 1e9, 0.001);
      double rate = done / seconds;
      s.put("done", done);
      boolean counted = total >= 0;
      s.put("total", counted ? total : null);
      s.put("percent", !counted ? null : total == 0 ? 100L : Math.min(100L, Math.round(100.0 * done / total)));
      s.put("rowsPerSecond", Math.round(rate));
      s.put("secondsLeft", !counted || rate <= 0 ? null : Math.max(0L, Math.round((total - done) / rate)));
    }
    return s;
  }

  private long count(Watermark since, DataSource source) {
    try (Connection c = source.getConnection(); PreparedStatement s = c.prepareStatement(countSql)) {
      for (int i = 0; i < parameters.size(); i++) {
        switch (parameters.get(i)) {
          case PollingRoute.HEADER_SINCE_TS ->
              s.setObject(i + 1, java.time.OffsetDateTime.ofInstant(since.updatedAt(), java.time.ZoneOffset.UTC));
          case PollingRoute.HEADER_SINCE_KEY -> s.setString(i + 1, since.key());
          case PollingRoute.HEADER_BATCH_SIZE -> s.setInt(i + 1, Integer.MAX_VALUE);
          default -> throw new IllegalStateException(routeId + ": unknown adapter parameter " + parameters.get(i));
        }
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      // Progress is a report, never a reason to fail a poll.
      log.warn("{}: could not count the rows to backfill ({})", routeId, e.getSQLState());
      return -1;
    }
  }

  private static String resource(String path) {
    try (InputStream in = Backfill.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
