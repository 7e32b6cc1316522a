package cn.mch.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** Reads and advances polling routes' watermarks in the platform database. */
public final class Watermarks {

  private final DataSource dataSource;

  public Watermarks(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Watermark load(String routeId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select updated_at, row_key from ingest_watermark where route_id = ?")) {
      s.setString(1, routeId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Watermark.START;
        }
        return new Watermark(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the watermark of " + routeId, e);
    }
  }

  /** Moves the watermark forward; never back, whatever order calls come in. */
  public void advance(String routeId, Watermark to) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into ingest_watermark (route_id, updated_at, row_key) values (?, ?, ?)"
                    + " on conflict (route_id) do update set updated_at = excluded.updated_at,"
                    + " row_key = excluded.row_key, changed_at = now()"
                    + " where (ingest_watermark.updated_at, ingest_watermark.row_key)"
                    + " < (excluded.updated_at, excluded.row_key)")) {
      s.setString(1, routeId);
      s.setObject(2, OffsetDateTime.ofInstant(to.updatedAt(), ZoneOffset.UTC));
      s.setString(3, to.key());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not advance the watermark of " + routeId, e);
    }
  }

  /** Forgets the watermark, so the next poll re-reads the source from the start. */
  public void reset(String routeId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("delete from ingest_watermark where route_id = ?")) {
      s.setString(1, routeId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not reset the watermark of " + routeId, e);
    }
  }
}
