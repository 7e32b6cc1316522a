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
