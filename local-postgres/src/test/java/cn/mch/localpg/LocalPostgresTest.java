package cn.mch.localpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {

  @TempDir Path dataDirectory;

  @Test
  void commitsAreOnDiskBeforeTheyAreAcknowledged() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dataDirectory, 0);
        Connection c = postgres.dataSource("postgres").getConnection();
        Statement s = c.createStatement()) {
      for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
        try (ResultSet rs = s.executeQuery("show " + setting)) {
          assertTrue(rs.next());
          assertEquals("on", rs.getString(1), setting);
        }
      }
    }
  }

  @Test
  void keepsDataAcrossARestart() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dataDirectory, 0)) {
      assertTrue(postgres.createDatabaseIfMissing("kept"));
      try (Connection c = postgres.dataSource("kept").getConnection();
          Statement s = c.createStatement()) {
        s.execute("create table t (v text); insert into t values ('still here')");
      }
    }

    try (LocalPostgres postgres = LocalPostgres.start(dataDirectory, 0)) {
      assertFalse(postgres.createDatabaseIfMissing("kept"), "database survived the restart");
      try (Connection c = postgres.dataSource("kept").getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select v from t")) {
        assertTrue(rs.next());
        assertEquals("still here", rs.getString(1));
      }
    }
  }
}
