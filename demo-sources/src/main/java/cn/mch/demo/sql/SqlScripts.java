package cn.mch.demo.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs SQL scripts shipped under {@code demo/}. */
public final class SqlScripts {

  private SqlScripts() {}

  public static void run(Connection connection, String resource) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(read(resource));
    }
  }

  private static String read(String resource) {
    try (InputStream in = SqlScripts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
