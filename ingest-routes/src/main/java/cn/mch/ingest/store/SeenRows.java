package cn.mch.ingest.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The source rows each polling route has handled, with the change stamp they had
 * ({@code ingest_seen}): what lets the late-row sweep tell a row committed late from one already
 * written, without rewriting everything.
 */
public final class SeenRows {

  private final DataSource dataSource;

  public SeenRows(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Records that {@code rows} (watermarks: stamp and key) were handled. */
  public void record(String routeId, Collection<Watermark> rows) {
    if (rows.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "insert into ingest_seen (route_id, row_key, updated_at) values (?, ?, ?)"
                + " on conflict (route_id, row_key) do update set updated_at = excluded.updated_at")) {
      for (Watermark row : rows) {
        s.setString(1, routeId);
        s.setString(2, row.key());
        s.setTimestamp(3, Timestamp.from(row.updatedAt()));
        s.addBatch();
      }
      s.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not record the rows of " + routeId, e);
    }
  }

  /** Of {@code keys}, the stamp each was handled with; a key never handled is absent. */
  public Map<String, Instant> stamps(String routeId, List<String> keys) {
    Map<String, Instant> stamps = new HashMap<>();
    if (keys.isEmpty()) {
      return stamps;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "select row_key, updated_at from ingest_seen where route_id = ? and row_key = any (?)")) {
      Array array = c.createArrayOf("text", keys.toArray());
      s.setString(1, routeId);
      s.setArray(2, array);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          stamps.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        }
      }
      return stamps;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the rows of " + routeId, e);
    }
  }
}
