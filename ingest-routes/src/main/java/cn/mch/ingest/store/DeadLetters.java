package cn.mch.ingest.store;

import cn.mch.ingest.Rejected;
import cn.mch.mappings.MappedRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that could not become FHIR, one row per record and reason in the platform database.
 * Seeing the same record fail the same way again (a replay) counts it, never adds a row.
 */
public final class DeadLetters {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final DataSource dataSource;
  private final PayloadCipher cipher;

  public DeadLetters(DataSource dataSource, PayloadCipher cipher) {
    this.dataSource = dataSource;
    this.cipher = cipher;
  }

  public void record(String routeId, List<Rejected> rejected) {
    if (rejected.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into ingest_dead_letter"
                    + " (route_id, source, entity, source_key, reason, message, payload, payload_type)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " on conflict (source, entity, source_key, reason) do update"
                    + " set occurrences = ingest_dead_letter.occurrences + 1, last_seen = now(),"
                    + " message = excluded.message, resolved_at = null,"
                    + " payload = coalesce(excluded.payload, ingest_dead_letter.payload),"
                    + " payload_type = coalesce(excluded.payload_type, ingest_dead_letter.payload_type)")) {
      for (Rejected r : rejected) {
        s.setString(1, routeId);
        s.setString(2, r.key().source());
        s.setString(3, r.key().entity());
        s.setString(4, r.key().localId());
        s.setString(5, r.reason().name());
        s.setString(6, r.message());
        s.setBytes(7, r.payload() == null ? null : cipher.encrypt(r.payload().content()));
        s.setString(8, r.payload() == null ? null : r.payload().type());
        s.addBatch();
        // The log names source, entity and reason only: the key and message stay in the table.
        log.warn("Dead letter in {}: {} {}", routeId, r.key(), r.reason());
      }
      s.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not record dead letters of " + routeId, e);
    }
  }

  /**
   * A dead letter as listed: everything but the payload, which is only decrypted to replay it.
   *
   * @param hasPayload whether the input is kept (pushed input, polled rows since payloads exist)
   */
  public record Entry(
      long id, String routeId, String source, String entity, String sourceKey, String reason, String message,
      int occurrences, java.time.Instant firstSeen, java.time.Instant lastSeen, java.time.Instant resolvedAt,
      boolean hasPayload) {}

  /** A dead letter's input, decrypted, for a replay. */
  public record Stored(Entry entry, String payloadType, byte[] payload) {}

  /**
   * Dead letters, newest first.
   *
   * @param open only unresolved ones
   * @param source only this source, or null
   * @param reason only this reason, or null
   */
  public List<Entry> list(boolean open, String source, String reason, int limit) {
    String sql = "select id, route_id, source, entity, source_key, reason, message, occurrences, first_seen, last_seen,"
        + " resolved_at, payload is not null from ingest_dead_letter where (? = false or resolved_at is null)"
        + " and (?::text is null or source = ?) and (?::text is null or reason = ?) order by last_seen desc, id desc limit ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setBoolean(1, open);
      s.setString(2, source);
      s.setString(3, source);
      s.setString(4, reason);
      s.setString(5, reason);
      s.setInt(6, limit);
      List<Entry> entries = new java.util.ArrayList<>();
      try (java.sql.ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          entries.add(entry(rs));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not list dead letters", e);
    }
  }

  /** One dead letter with its decrypted payload, or null if there is none with this id. */
  public Stored load(long id) {
    String sql = "select id, route_id, source, entity, source_key, reason, message, occurrences, first_seen, last_seen,"
        + " resolved_at, payload is not null, payload_type, payload from ingest_dead_letter where id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, id);
      try (java.sql.ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        byte[] sealed = rs.getBytes(14);
        return new Stored(entry(rs), rs.getString(13), sealed == null ? null : cipher.decrypt(sealed));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read a dead letter", e);
    }
  }

  /** Marks one dead letter resolved: its replay wrote everything. */
  public void markResolved(long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("update ingest_dead_letter set resolved_at = now() where id = ? and resolved_at is null")) {
      s.setLong(1, id);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not resolve a dead letter", e);
    }
  }

  private static Entry entry(java.sql.ResultSet rs) throws SQLException {
    java.sql.Timestamp resolved = rs.getTimestamp(11);
    return new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
        rs.getString(7), rs.getInt(8), rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(),
        resolved == null ? null : resolved.toInstant(), rs.getBoolean(12));
  }

  /**
   * Marks the open dead letters of records that have now been written as resolved: the source
   * fixed them. Returns how many were resolved.
   */
  public int resolve(List<MappedRecord> written) {
    if (written.isEmpty()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "update ingest_dead_letter set resolved_at = now()"
                    + " where source = ? and entity = ? and source_key = ? and resolved_at is null")) {
      for (MappedRecord record : written) {
        s.setString(1, record.key().source());
        s.setString(2, record.key().entity());
        s.setString(3, record.key().localId());
        s.addBatch();
      }
      int resolved = 0;
      for (int n : s.executeBatch()) {
        resolved += Math.max(n, 0);
      }
      return resolved;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not resolve dead letters", e);
    }
  }
}
