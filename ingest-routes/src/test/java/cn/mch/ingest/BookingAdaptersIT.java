package cn.mch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.mch.demo.sql.SqlScripts;
import cn.mch.ingest.store.Watermark;
import cn.mch.localpg.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both hospitals' booking adapters on real PostgreSQL: a booking's change stamp is the later of
 * its own and its delivery's, so a delivery recorded after the booking was read brings the booking
 * back with its delivery date (which closes its episode of care), though neither booking row
 * changed; and a booking stamped at the watermark's instant with a later key is not skipped.
 */
class BookingAdaptersIT {

  @TempDir static Path dataDirectory;
  private static LocalPostgres postgres;

  @BeforeAll
  static void start() {
    postgres = LocalPostgres.start(dataDirectory, 0);
    postgres.createDatabaseIfMissing("hospital_a");
    postgres.createDatabaseIfMissing("hospital_b");
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @Test
  void hospitalA() throws SQLException {
    try (Connection c = postgres.dataSource("hospital_a").getConnection(); Statement s = c.createStatement()) {
      SqlScripts.run(c, "/demo/hospital-a/schema.sql");
      s.execute("insert into patient (patient_no, full_name) values ('P1', 'a'), ('P2', 'b'), ('P3', 'c')");
      s.execute("insert into pregnancy_booking (booking_no, patient_no, booking_date, updated_at) values"
          + " ('K1', 'P1', '2024-01-10', '2024-01-10 09:00+08'), ('K2', 'P2', '2024-01-11', '2024-01-11 09:00+08')");
      checkAgainst(c, "sql/hospital-a/bookings.sql",
          "insert into pregnancy_booking (booking_no, patient_no, booking_date, updated_at) values"
              + " ('K3', 'P3', '2024-01-11', '2024-01-11 09:00+08')",
          "insert into delivery_record (delivery_no, booking_no, patient_no, admit_date, delivery_time, mode, updated_at)"
              + " values ('D1', 'K1', 'P1', '2024-08-01', '2024-08-02 10:30', 'SVD', '2024-08-03 09:00+08')");
    }
  }

  @Test
  void hospitalB() throws SQLException {
    try (Connection c = postgres.dataSource("hospital_b").getConnection(); Statement s = c.createStatement()) {
      SqlScripts.run(c, "/demo/hospital-b/schema.sql");
      // Hospital B stamps in local time.
      s.execute("insert into fy_jcxx (jcid, brid, jcrq, gxsj) values"
          + " ('K1', 'B1', '2024-01-10', '2024-01-10 09:00'), ('K2', 'B2', '2024-01-11', '2024-01-11 09:00')");
      checkAgainst(c, "sql/hospital-b/bookings.sql",
          "insert into fy_jcxx (jcid, brid, jcrq, gxsj) values ('K3', 'B3', '2024-01-11', '2024-01-11 09:00')",
          "insert into fy_fmjl (fmid, jcid, brid, rysj, fmsj, fmfs, gxsj)"
              + " values ('D1', 'K1', 'B1', '2024-08-01', '202408021030', '01', '2024-08-03 09:00')");
    }
  }

  /**
   * Reads K1 and K2; then, after {@code sameInstant} adds K3 stamped as K2, reads K3 alone; then,
   * after {@code delivery} records K1's delivery, reads K1 again with its delivery date.
   */
  private static void checkAgainst(Connection c, String resource, String sameInstant, String delivery) throws SQLException {
    AdapterSql adapter = AdapterSql.load(resource);
    List<Row> first = page(c, adapter, Watermark.START);
    assertEquals(List.of(new Row("K1", null, Instant.parse("2024-01-10T01:00:00Z")), new Row("K2", null, Instant.parse("2024-01-11T01:00:00Z"))),
        first);
    Watermark afterFirst = first.get(1).watermark();
    assertEquals(List.of(), page(c, adapter, afterFirst));

    try (Statement s = c.createStatement()) {
      s.execute(sameInstant);
    }
    List<Row> second = page(c, adapter, afterFirst);
    assertEquals(List.of(new Row("K3", null, Instant.parse("2024-01-11T01:00:00Z"))), second, "stamped at the watermark's instant, a later key");

    try (Statement s = c.createStatement()) {
      s.execute(delivery);
    }
    assertEquals(List.of(new Row("K1", "2024-08-02", Instant.parse("2024-08-03T01:00:00Z"))), page(c, adapter, second.get(0).watermark()),
        "the delivery brings its booking back");
  }

  private record Row(String bookingNo, String deliveryDate, Instant updatedAt) {
    Watermark watermark() {
      return new Watermark(updatedAt, bookingNo);
    }
  }

  private static List<Row> page(Connection c, AdapterSql adapter, Watermark since) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(adapter.positional())) {
      adapter.bind(s, since, 100);
      List<Row> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getString("booking_no"), rs.getString("delivery_date"), rs.getTimestamp("updated_at").toInstant()));
        }
      }
      return rows;
    }
  }
}
