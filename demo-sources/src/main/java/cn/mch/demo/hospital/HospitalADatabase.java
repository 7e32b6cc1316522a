package cn.mch.demo.hospital;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Hospital A's own database: creates its schema and tells whether it holds data yet. */
public final class HospitalADatabase {

  private HospitalADatabase() {}

  public static void createSchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(schemaSql());
    }
  }

  public static boolean isEmpty(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select exists (select 1 from patient)")) {
      rs.next();
      return !rs.getBoolean(1);
    }
  }

  private static String schemaSql() {
    try (InputStream in = HospitalADatabase.class.getResourceAsStream("/demo/hospital-a/schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("demo/hospital-a/schema.sql is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
