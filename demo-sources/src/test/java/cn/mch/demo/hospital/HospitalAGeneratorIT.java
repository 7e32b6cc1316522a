package cn.mch.demo.hospital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.localpg.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HospitalAGeneratorIT {

  private static final LocalDate TODAY = LocalDate.of(2024, 6, 30);

  @TempDir static Path dataDirectory;
  private static LocalPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = LocalPostgres.start(dataDirectory, 0);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  private static String generate(String database, long seed) throws SQLException {
    postgres.createDatabaseIfMissing(database);
    try (Connection c = postgres.dataSource(database).getConnection()) {
      HospitalADatabase.createSchema(c);
      assertTrue(HospitalADatabase.isEmpty(c));
      new HospitalAGenerator(seed, 50, TODAY).generate(c);
      return fingerprint(c);
    }
  }

  /** A digest of every row, in key order. */
  private static String fingerprint(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select md5(string_agg(p::text, '|' order by patient_no))"
                    + " || md5((select string_agg(v::text, '|' order by visit_no) from prenatal_visit v))"
                    + " from patient p")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void sameSeedGivesTheSameRows() throws SQLException {
    assertEquals(generate("seed_a1", 7), generate("seed_a2", 7));
  }

  @Test
  void anotherSeedGivesOtherRows() throws SQLException {
    assertNotEquals(generate("seed_b1", 7), generate("seed_b2", 8));
  }

  @Test
  void visitsArePlausible() throws SQLException {
    generate("plausible", 11);
    try (Connection c = postgres.dataSource("plausible").getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count(*), min(gestational_weeks), max(gestational_weeks), max(visit_date),"
                    + " count(*) filter (where sbp is null), min(sbp), max(sbp)"
                    + " from prenatal_visit")) {
      rs.next();
      assertTrue(rs.getInt(1) > 50, "several visits per woman");
      assertTrue(rs.getInt(2) >= 6 && rs.getInt(3) <= 40, "gestational weeks in 6..40");
      assertTrue(!rs.getDate(4).toLocalDate().isAfter(TODAY), "no visit after today");
      assertTrue(rs.getInt(6) >= 90 && rs.getInt(7) < 200, "blood pressure plausible");
    }
    try (Connection c = postgres.dataSource("plausible").getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select max(created_at)::date from patient")) {
      rs.next();
      assertTrue(!rs.getDate(1).toLocalDate().isAfter(TODAY.plusDays(1)), "nobody registered after today");
    }
  }
}
