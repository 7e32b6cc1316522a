package cn.mch.demo.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.demo.population.Population;
import cn.mch.demo.population.PopulationGenerator;
import cn.mch.localpg.LocalPostgres;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.identity.ResidentId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticSourcesIT {

  private static final LocalDate TODAY = LocalDate.of(2024, 6, 30);
  private static final double FAULT_RATE = 0.03;
  private static final List<String> DATABASES =
      List.of(
          SyntheticSources.HOSPITAL_A, SyntheticSources.HOSPITAL_B, SyntheticSources.CHILD_HEALTH,
          SyntheticSources.MARRIAGE_REGISTRY, SyntheticSources.BIRTH_REGISTRY, SyntheticSources.TRUTH);

  @TempDir static Path dataDirectory;
  private static LocalPostgres postgres;
  private static List<Connection> first;

  @BeforeAll
  static void generateMTwice() throws SQLException {
    postgres = LocalPostgres.start(dataDirectory, 0);
    first = fill("a_", 42);
  }

  @AfterAll
  static void stop() throws SQLException {
    for (Connection c : first) {
      c.close();
    }
    postgres.close();
  }

  private static List<Connection> fill(String prefix, long seed) throws SQLException {
    List<Connection> connections = new ArrayList<>();
    for (String name : DATABASES) {
      postgres.createDatabaseIfMissing(prefix + name);
      connections.add(postgres.dataSource(prefix + name).getConnection());
    }
    var db = new SyntheticSources.Databases(connections.get(0), connections.get(1), connections.get(2), connections.get(3), connections.get(4), connections.get(5));
    SyntheticSources.createSchemas(db);
    long start = System.nanoTime();
    Population population = new PopulationGenerator(seed, Population.Size.M.women, TODAY).generate();
    SyntheticSources.write(population, db, FAULT_RATE);
    // A figure, not an assertion: the goal is under a minute for M on this machine.
    System.out.printf("Generated and wrote M (%d women) into five sources and the truth in %d ms%n",
        population.women().size(), (System.nanoTime() - start) / 1_000_000);
    return connections;
  }

  private static Connection db(String name) {
    return first.get(DATABASES.indexOf(name));
  }

  /** A digest of every row of every table of one database, in a stable order. */
  private static String fingerprint(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select table_name from information_schema.tables where table_schema = 'public' order by 1")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    StringBuilder digest = new StringBuilder();
    for (String table : tables) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select '" + table + ":' || count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from " + table + " t")) {
        rs.next();
        digest.append(rs.getString(1)).append('\n');
      }
    }
    return digest.toString();
  }

  private static long count(Connection c, String query) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> strings(Connection c, String query) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  @Test
  void sameSeedGivesIdenticalRowsInEverySource() throws SQLException {
    List<Connection> second = fill("b_", 42);
    try {
      for (int i = 0; i < DATABASES.size(); i++) {
        assertEquals(fingerprint(first.get(i)), fingerprint(second.get(i)), DATABASES.get(i));
      }
    } finally {
      for (Connection c : second) {
        c.close();
      }
    }
  }

  @Test
  void lateArrivalsAreHeldBackThenInsertedWithTheirOldStamps() throws SQLException {
    List<Connection> late = fill("c_", 42);
    try {
      Connection hospital = late.get(0);
      Connection truth = late.get(5);
      Set<String> lateKeys = Set.copyOf(strings(truth, "select source_key from tolerated_fault where fault = 'LATE_ARRIVAL'"));
      assertTrue(lateKeys.size() > 10, "some visits arrive late");
      String inList = "('" + String.join("','", lateKeys) + "')";
      assertEquals(0, count(hospital, "select count(*) from prenatal_visit where visit_no in " + inList));
      long newest = count(hospital, "select extract(epoch from max(updated_at))::bigint from prenatal_visit");

      var db = new SyntheticSources.Databases(late.get(0), late.get(1), late.get(2), late.get(3), late.get(4), late.get(5));
      long written = SyntheticSources.writeLateArrivals(new PopulationGenerator(42, Population.Size.M.women, TODAY).generate(), db, FAULT_RATE);

      assertEquals(lateKeys.size(), written);
      assertEquals(lateKeys.size(), count(hospital, "select count(*) from prenatal_visit where visit_no in " + inList));
      assertTrue(count(hospital, "select count(*) from prenatal_visit where visit_no in " + inList
          + " and extract(epoch from updated_at) < " + newest) > 0, "stamped before rows already there");
    } finally {
      for (Connection c : late) {
        c.close();
      }
    }
  }

  @Test
  void everySourceIsFilled() throws SQLException {
    assertTrue(count(db(SyntheticSources.HOSPITAL_A), "select count(*) from prenatal_visit") > 1000);
    assertTrue(count(db(SyntheticSources.HOSPITAL_B), "select count(*) from fy_cjjl") > 1000);
    assertTrue(count(db(SyntheticSources.CHILD_HEALTH), "select count(*) from checkup") > 1000);
    assertTrue(count(db(SyntheticSources.MARRIAGE_REGISTRY), "select count(*) from premarital_exam") > 1000);
    assertTrue(count(db(SyntheticSources.BIRTH_REGISTRY), "select count(*) from birth_certificate") > 1000);
  }

  @Test
  void truthCountsMatchTheSourceRows() throws SQLException {
    Connection truth = db(SyntheticSources.TRUTH);
    assertEquals(
        count(truth, "select count(*) from source_record where source = 'hospital-a' and entity = 'patient'"),
        count(db(SyntheticSources.HOSPITAL_A), "select count(*) from patient"));
    assertEquals(
        count(truth, "select count(*) from person where role = 'child'"),
        count(db(SyntheticSources.BIRTH_REGISTRY), "select count(*) from birth_certificate"));
    assertEquals(
        count(truth, "select count(*) from person where role = 'child'"),
        count(db(SyntheticSources.HOSPITAL_A), "select count(*) from newborn")
            + count(db(SyntheticSources.HOSPITAL_B), "select count(*) from fy_xse"));
    assertEquals(
        count(truth, "select sum(numerator) from indicator where indicator = 'caesarean_rate'"),
        count(db(SyntheticSources.HOSPITAL_A), "select count(*) from delivery_record where mode = 'CS'")
            + count(db(SyntheticSources.HOSPITAL_B), "select count(*) from fy_fmjl where fmfs = '02'"));
    // Duplicated rows are the only rows of fy_cjjl beyond one per visit.
    assertEquals(
        count(truth, "select count(*) from tolerated_fault where source = 'hospital-b' and fault = 'DUPLICATE_ROW'"),
        count(db(SyntheticSources.HOSPITAL_B), "select count(*) - count(distinct jlid) from fy_cjjl"));
    assertTrue(count(truth, "select count(*) from link where kind = 'mother-child'") > 2000);
    assertEquals(11, count(truth, "select count(distinct indicator) from indicator"));
    assertEquals(0, count(truth, "select count(*) from indicator where numerator > denominator or denominator = 0"));
  }

  @Test
  void residentIdsAreValidExceptTheInjectedFaults() throws SQLException {
    Connection truth = db(SyntheticSources.TRUTH);
    Set<String> badA = Set.copyOf(strings(truth, "select source_key from rejection where source = 'hospital-a' and entity = 'patient' and reason = 'RESIDENT_ID_INVALID'"));
    assertTrue(badA.size() > 5, "some bad check digits were injected");
    try (Statement s = db(SyntheticSources.HOSPITAL_A).createStatement();
        ResultSet rs = s.executeQuery("select patient_no, id_card_no from patient")) {
      while (rs.next()) {
        String id = rs.getString(2);
        if (badA.contains(rs.getString(1))) {
          assertThrows(MappingException.class, () -> ResidentId.parse(id));
        } else {
          ResidentId.parse(id); // 15-digit IDs included: they convert
        }
      }
    }
    for (String id : strings(db(SyntheticSources.BIRTH_REGISTRY), "select mother_id_no from birth_certificate")) {
      ResidentId.parse(id);
    }
    assertTrue(count(db(SyntheticSources.HOSPITAL_A), "select count(*) from patient where length(id_card_no) = 15") > 0, "old 15-digit IDs occur");
  }

  @Test
  void injectedImpossibleValuesAreInTheRows() throws SQLException {
    Connection truth = db(SyntheticSources.TRUTH);
    long expected = count(truth, "select count(*) from rejection where source = 'hospital-a' and entity = 'prenatal-visit' and reason = 'VALUE_OUT_OF_RANGE'");
    assertTrue(expected > 0);
    assertEquals(expected, count(db(SyntheticSources.HOSPITAL_A), "select count(*) from prenatal_visit where gestational_weeks > 45"));
    assertEquals(
        count(truth, "select count(*) from rejection where source = 'hospital-b' and entity = 'lab-result'"),
        count(db(SyntheticSources.HOSPITAL_B), "select count(*) from lis_jyjg where xmdm = 'L999'"));
  }

  @Test
  void lifeCourseOrderHoldsInTheRegistries() throws SQLException {
    // Nobody is examined after marrying, no certificate is issued before the birth.
    assertEquals(0, count(db(SyntheticSources.TRUTH), "select count(*) from pregnancy where booking_date < lmp or delivery_time::date < booking_date"));
    assertEquals(0, count(db(SyntheticSources.BIRTH_REGISTRY), "select count(*) from birth_certificate where issue_date < birth_time::date"));
    assertEquals(0, count(db(SyntheticSources.CHILD_HEALTH), "select count(*) from checkup u join child c using (child_id) where u.checkup_date <= c.birth_date"));
  }
}
