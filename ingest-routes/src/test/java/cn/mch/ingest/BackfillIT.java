package cn.mch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.mch.demo.sources.SyntheticSources;
import cn.mch.demo.sql.SqlScripts;
import cn.mch.ingest.store.Watermark;
import cn.mch.localpg.LocalPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfill progress counts what is left to read with the route's own SQL adapter, on real
 * PostgreSQL: done of total, then caught up; and the count wraps every shipped adapter.
 */
class BackfillIT {

  @TempDir static Path dataDirectory;
  private static LocalPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = LocalPostgres.start(dataDirectory, 0);
    for (String source : ShippedAdapters.sources()) {
      postgres.createDatabaseIfMissing(SyntheticSources.databaseOf(source));
      try (Connection c = postgres.dataSource(SyntheticSources.databaseOf(source)).getConnection()) {
        SqlScripts.run(c, "/demo/" + source + "/schema.sql");
      }
    }
    try (Connection c = postgres.dataSource("hospital_a").getConnection(); Statement s = c.createStatement()) {
      s.execute("insert into patient (patient_no, full_name, id_card_no, birth_date, sex, updated_at)"
          + " select 'P' || lpad(n::text, 3, '0'), '张丽', '310104199203150020', '1992-03-15', 'F', timestamp '2024-01-01' + n * interval '1 minute'"
          + " from generate_series(1, 25) n");
    }
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void aBackfillCountsItsRowsAndEndsWhenABatchComesBackShort() {
    DataSource hospital = postgres.dataSource("hospital_a");
    Backfill backfill = new Backfill("hospital-a-patients", AdapterSql.load("sql/hospital-a/patients.sql"));

    backfill.batch(10, true, Watermark.START, () -> hospital);
    Map<String, Object> first = backfill.snapshot();
    assertEquals(true, first.get("backfilling"));
    assertEquals(10L, first.get("done"));
    assertEquals(25L, first.get("total"));
    assertEquals(40L, first.get("percent"));

    backfill.batch(10, true, new Watermark(Instant.parse("2024-01-01T00:10:00Z"), "P010"), () -> hospital);
    assertEquals(20L, backfill.snapshot().get("done"));
    backfill.batch(5, false, new Watermark(Instant.parse("2024-01-01T00:20:00Z"), "P020"), () -> hospital);
    assertEquals(false, backfill.snapshot().get("backfilling"));
    assertEquals(25L, backfill.snapshot().get("rowsReadSinceStart"));
  }

  @Test
  void everyShippedAdapterCanBeCounted() throws IOException {
    List<String> adapters = ShippedAdapters.all();
    assertEquals(22, adapters.size(), adapters.toString());
    for (String adapter : adapters) {
      String source = ShippedAdapters.source(adapter);
      Backfill backfill = new Backfill(adapter, AdapterSql.load("sql/" + adapter));
      backfill.batch(1, true, Watermark.START, () -> postgres.dataSource(SyntheticSources.databaseOf(source)));
      long expected = adapter.equals("hospital-a/patients.sql") ? 25 : 0;
      assertEquals(expected, backfill.snapshot().get("total"), adapter);
    }
  }
}
