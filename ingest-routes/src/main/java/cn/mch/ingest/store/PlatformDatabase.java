package cn.mch.ingest.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The platform's own database for ingestion state (watermarks, dead letters). Never the
 * hospital's: sources are only read.
 */
public final class PlatformDatabase {

  private PlatformDatabase() {}

  /** Creates the ingestion tables unless they exist. */
  public static void migrate(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(resource("/sql/platform/schema.sql"));
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the ingestion tables", e);
    }
  }

  private static String resource(String path) {
    try (InputStream in = PlatformDatabase.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
