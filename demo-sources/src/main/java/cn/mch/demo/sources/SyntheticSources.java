package cn.mch.demo.sources;

import cn.mch.demo.population.Population;
import cn.mch.demo.sql.SqlScripts;
import cn.mch.demo.sql.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a {@link Population} into the five source systems, each its own database and schema,
 * with dirty data at {@code faultRate}, and writes the ground truth beside them. Deterministic:
 * the same population and fault rate give the same rows.
 */
public final class SyntheticSources {

  private static final Logger log = LoggerFactory.getLogger(SyntheticSources.class);

  /** The source databases and the truth database, one connection each. */
  public record Databases(
      Connection hospitalA,
      Connection hospitalB,
      Connection childHealth,
      Connection marriageRegistry,
      Connection birthRegistry,
      Connection truth) {}

  /** Names of the databases, as the demo creates them. */
  public static final String HOSPITAL_A = "hospital_a";
  public static final String HOSPITAL_B = "hospital_b";
  public static final String CHILD_HEALTH = "child_health";
  public static final String MARRIAGE_REGISTRY = "marriage_registry";
  public static final String BIRTH_REGISTRY = "birth_registry";
  public static final String TRUTH = "truth";
  /** Every database, in the order of {@link Databases}' components. */
  public static final List<String> DATABASE_NAMES = List.of(HOSPITAL_A, HOSPITAL_B, CHILD_HEALTH, MARRIAGE_REGISTRY, BIRTH_REGISTRY, TRUTH);

  private SyntheticSources() {}

  /**
   * The demo database of a source, by the source's code: the code with {@code _} for {@code -}
   * ({@code hospital-a} → {@link #HOSPITAL_A}).
   */
  public static String databaseOf(String sourceCode) {
    return sourceCode.replace('-', '_');
  }

  /** The databases from one connection to each of {@link #DATABASE_NAMES}, in that order. */
  public static Databases databases(List<Connection> connections) {
    if (connections.size() != DATABASE_NAMES.size()) {
      throw new IllegalArgumentException("One connection for each of " + DATABASE_NAMES + ", not " + connections.size());
    }
    return new Databases(connections.get(0), connections.get(1), connections.get(2), connections.get(3), connections.get(4), connections.get(5));
  }

  /** Creates every schema unless it exists. */
  public static void createSchemas(Databases db) throws SQLException {
    SqlScripts.run(db.hospitalA(), "/demo/hospital-a/schema.sql");
    SqlScripts.run(db.hospitalB(), "/demo/hospital-b/schema.sql");
    SqlScripts.run(db.childHealth(), "/demo/child-health/schema.sql");
    SqlScripts.run(db.marriageRegistry(), "/demo/marriage-registry/schema.sql");
    SqlScripts.run(db.birthRegistry(), "/demo/birth-registry/schema.sql");
    SqlScripts.run(db.truth(), "/demo/truth/schema.sql");
  }

  /** Whether the truth already holds a population (the sources were filled before). */
  public static boolean isFilled(Databases db) throws SQLException {
    try (Statement s = db.truth().createStatement();
        var rs = s.executeQuery("select exists (select 1 from person)")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * Inserts the hospital A prenatal visits that {@link #write} held back as late arrivals
   * (fault {@code LATE_ARRIVAL} in the truth), stamped with their old dates. Call it after the
   * platform has read past those dates. Returns how many rows it inserted.
   */
  public static long writeLateArrivals(Population population, Databases db, double faultRate) throws SQLException {
    long written = HospitalAWriter.writeLateArrivals(population, db.hospitalA(), faultRate);
    log.info("Inserted {} late-arriving prenatal visits into hospital A", written);
    return written;
  }

  /** Writes the population into the sources and the truth; each database in one transaction. */
  public static void write(Population population, Databases db, double faultRate) throws SQLException {
    long start = System.nanoTime();
    SplittableRandom random = new SplittableRandom(population.seed() ^ 0x5EED_5EEDL);
    Connection[] all = {db.hospitalA(), db.hospitalB(), db.childHealth(), db.marriageRegistry(), db.birthRegistry(), db.truth()};
    for (Connection c : all) {
      c.setAutoCommit(false);
    }
    try {
      try (TableWriter sourceRecords = new TableWriter(db.truth(), "source_record", "source", "entity", "source_key", "person_id", "pregnancy_id");
          TableWriter rejections = new TableWriter(db.truth(), "rejection", "source", "entity", "source_key", "reason");
          TableWriter tolerated = new TableWriter(db.truth(), "tolerated_fault", "source", "entity", "source_key", "fault")) {
        TruthRecords truth = new TruthRecords(sourceRecords);
        Faults faults = new Faults(faultRate, population.seed(), random.split(), rejections, tolerated);
        HospitalAWriter.write(population, db.hospitalA(), faults, truth, random.split());
        HospitalBWriter.write(population, db.hospitalB(), faults, truth, random.split());
        ChildHealthWriter.write(population, db.childHealth(), truth, random.split());
        MarriageRegistryWriter.write(population, db.marriageRegistry(), truth, random.split());
        BirthRegistryWriter.write(population, db.birthRegistry(), truth, random.split());
      }
      TruthWriter.write(population, db.truth());
      for (Connection c : all) {
        c.commit();
      }
    } catch (SQLException | RuntimeException e) {
      for (Connection c : all) {
        c.rollback();
      }
      throw e;
    } finally {
      for (Connection c : all) {
        c.setAutoCommit(true);
      }
    }
    log.info(
        "Wrote {} women (seed {}) into five sources with fault rate {} in {} ms",
        population.women().size(), population.seed(), faultRate, (System.nanoTime() - start) / 1_000_000);
  }
}
