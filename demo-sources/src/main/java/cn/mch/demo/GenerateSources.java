package cn.mch.demo;

import cn.mch.demo.population.Population;
import cn.mch.demo.population.PopulationGenerator;
import cn.mch.demo.sources.SyntheticSources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command that fills the demo source systems: generates the population and writes it into
 * the five source databases and the truth database of one PostgreSQL server.
 */
public final class GenerateSources {

  public static final String USAGE =
      """
      generate [options]    fill the demo source databases with a synthetic population
        --size S|M|L          300, 3,000 or 30,000 mothers (default S)
        --women N             any number of mothers instead
        --seed N              random seed (default 20240630); the same seed gives the same data
        --fault-rate R        share of records made dirty, 0..1 (default 0.03)
        --reference-date D    the data's "today" (default 2024-06-30)
        --jdbc-url URL        PostgreSQL server, e.g. jdbc:postgresql://localhost:5432/
                              (default: the platform's embedded one under MCH_DATA_DIR)
        --user U, --password P
        --replace             drop and recreate the demo databases first
        --late-arrivals       only insert the visits held back as late arrivals
                              (same seed, size and fault rate as when generated)
      """;

  private static final List<String> DATABASES =
      List.of(
          SyntheticSources.HOSPITAL_A, SyntheticSources.HOSPITAL_B, SyntheticSources.CHILD_HEALTH,
          SyntheticSources.MARRIAGE_REGISTRY, SyntheticSources.BIRTH_REGISTRY, SyntheticSources.TRUTH);

  /** Parsed command-line options. */
  public record Options(
      int women, long seed, double faultRate, LocalDate referenceDate, String jdbcUrl, String user,
      String password, boolean replace, boolean lateArrivals) {

    public static Options parse(List<String> args) {
      int women = Population.Size.S.women;
      long seed = 20240630;
      double faultRate = 0.03;
      LocalDate referenceDate = LocalDate.of(2024, 6, 30);
      String jdbcUrl = null;
      String user = "postgres";
      String password = "";
      boolean replace = false;
      boolean late = false;
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        switch (arg) {
          case "--size" -> women = Population.Size.valueOf(value(args, ++i, arg).toUpperCase(Locale.ROOT)).women;
          case "--women" -> women = Integer.parseInt(value(args, ++i, arg));
          case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
          case "--fault-rate" -> faultRate = Double.parseDouble(value(args, ++i, arg));
          case "--reference-date" -> referenceDate = LocalDate.parse(value(args, ++i, arg));
          case "--jdbc-url" -> jdbcUrl = value(args, ++i, arg);
          case "--user" -> user = value(args, ++i, arg);
          case "--password" -> password = value(args, ++i, arg);
          case "--replace" -> replace = true;
          case "--late-arrivals" -> late = true;
          default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
        }
      }
      if (faultRate < 0 || faultRate > 1) {
        throw new IllegalArgumentException("--fault-rate must be between 0 and 1");
      }
      return new Options(women, seed, faultRate, referenceDate, jdbcUrl, user, password, replace, late);
    }

    private static String value(List<String> args, int i, String option) {
      if (i >= args.size()) {
        throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
      }
      return args.get(i);
    }

    /** The same options on another server. */
    public Options onServer(String url, String serverUser, String serverPassword) {
      return new Options(women, seed, faultRate, referenceDate, url, serverUser, serverPassword, replace, lateArrivals);
    }
  }

  private GenerateSources() {}

  public static void main(String[] args) throws SQLException {
    Options options = Options.parse(List.of(args));
    if (options.jdbcUrl() == null) {
      throw new IllegalArgumentException("--jdbc-url is required here\n" + USAGE);
    }
    run(options);
  }

  /** Creates the databases as needed and fills them; {@code jdbcUrl} ends with a slash. */
  public static void run(Options options) throws SQLException {
    String base = options.jdbcUrl().endsWith("/") ? options.jdbcUrl() : options.jdbcUrl() + "/";
    try (Connection admin = DriverManager.getConnection(base + "postgres", options.user(), options.password());
        Statement s = admin.createStatement()) {
      for (String database : DATABASES) {
        if (options.replace() && !options.lateArrivals()) {
          s.execute("drop database if exists " + database + " with (force)");
        }
        try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
          if (!rs.next()) {
            s.execute("create database " + database + " encoding 'UTF8' template template0");
          }
        }
      }
    }
    List<Connection> connections = new ArrayList<>();
    try {
      for (String database : DATABASES) {
        connections.add(DriverManager.getConnection(base + database, options.user(), options.password()));
      }
      var db = new SyntheticSources.Databases(
          connections.get(0), connections.get(1), connections.get(2), connections.get(3), connections.get(4), connections.get(5));
      SyntheticSources.createSchemas(db);
      Population population = new PopulationGenerator(options.seed(), options.women(), options.referenceDate()).generate();
      if (options.lateArrivals()) {
        SyntheticSources.writeLateArrivals(population, db, options.faultRate());
      } else if (SyntheticSources.isFilled(db)) {
        throw new IllegalStateException("The demo sources are filled already: add --replace to start over");
      } else {
        SyntheticSources.write(population, db, options.faultRate());
      }
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }
}
