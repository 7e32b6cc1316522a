package cn.mch.ingest.store;

import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappedRecord.QualityIssue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Data-quality issues of records that were written anyway, one row per record, field and reason
 * in the platform database; re-reading a record refreshes its row, never adds one.
 */
public final class QualityIssues {

  private final DataSource dataSource;

  public QualityIssues(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void record(List<MappedRecord> written) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into ingest_quality_issue (source, entity, source_key, field, reason) values (?, ?, ?, ?, ?)"
                    + " on conflict (source, entity, source_key, field, reason) do update set last_seen = now()")) {
      int n = 0;
      for (MappedRecord record : written) {
        for (QualityIssue issue : record.issues()) {
          s.setString(1, record.key().source());
          s.setString(2, record.key().entity());
          s.setString(3, record.key().localId());
          s.setString(4, issue.field());
          s.setString(5, issue.reason());
          s.addBatch();
          n++;
        }
      }
      if (n > 0) {
        s.executeBatch();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not record data-quality issues", e);
    }
  }

  /** One line of the data-quality report: how many records of a source had an issue. */
  public record ReportLine(String source, String entity, String field, String reason, long records) {}

  /** The per-source data-quality report. */
  public List<ReportLine> report() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select source, entity, field, reason, count(*) from ingest_quality_issue"
                    + " group by source, entity, field, reason order by source, entity, field, reason");
        ResultSet rs = s.executeQuery()) {
      List<ReportLine> lines = new ArrayList<>();
      while (rs.next()) {
        lines.add(new ReportLine(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
      }
      return lines;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the data-quality report", e);
    }
  }
}
