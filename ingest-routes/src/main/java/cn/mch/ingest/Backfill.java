package cn.mch.ingest;

import cn.mch.ingest.store.Watermark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
  private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

  private final String routeId;
  private final AdapterSql adapter;
  private final String countSql;

  private boolean active;
  private long total;
  private long done;
  private long started;
  private long lastLog;
  private long rowsSinceStart;

  /** @param adapter the route's SQL adapter */
  Backfill(String routeId, AdapterSql adapter) {
    this.routeId = routeId;
    this.adapter = adapter;
    this.countSql = "select count(*) from (" + adapter.positional() + ") adapter_rows";
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
      adapter.bind(s, since, Integer.MAX_VALUE);
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
}
