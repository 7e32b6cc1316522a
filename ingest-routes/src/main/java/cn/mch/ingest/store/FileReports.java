package cn.mch.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What became of each file taken from a drop folder, one row per file in {@code ingest_file_report}. */
public final class FileReports {

  private final DataSource dataSource;

  public FileReports(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * @param status {@code done} (every record written or dead-lettered) or {@code failed} (the file
   *     as a whole could not be read; one dead letter for it)
   */
  public record FileReport(
      String routeId, String fileName, String movedTo, String status, int records, int written, int deadLetters, String message) {}

  public void record(FileReport report) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into ingest_file_report"
                    + " (route_id, file_name, moved_to, status, records, written, dead_letters, message)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, report.routeId());
      s.setString(2, report.fileName());
      s.setString(3, report.movedTo());
      s.setString(4, report.status());
      s.setInt(5, report.records());
      s.setInt(6, report.written());
      s.setInt(7, report.deadLetters());
      s.setString(8, report.message());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not record the report of a dropped file", e);
    }
  }
}
