package cn.mch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.mch.demo.sql.SqlScripts;
import cn.mch.ingest.store.Watermark;
import cn.mch.localpg.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hospital B's prenatal-visit adapter read page by page through Camel's SQL component, as the
 * polling route reads it, on real PostgreSQL: its interface table has no key and holds some rows
 * twice, and the adapter looks up each visit's pregnancy only for the rows of the next page.
 */
class AdapterPagingIT {

  private static final String ADAPTER = "sql:classpath:sql/hospital-b/prenatal-visits.sql?dataSource=#hospitalB&outputType=SelectList";

  @TempDir static Path dataDirectory;
  private static LocalPostgres postgres;
  private static CamelContext camel;

  @BeforeAll
  static void start() throws Exception {
    postgres = LocalPostgres.start(dataDirectory, 0);
    postgres.createDatabaseIfMissing("hospital_b");
    try (Connection c = postgres.dataSource("hospital_b").getConnection(); Statement s = c.createStatement()) {
      SqlScripts.run(c, "/demo/hospital-b/schema.sql");
      s.execute("insert into fy_jcxx (jcid, brid, jcrq, mcyj, ycq, gxsj) values"
          + " ('J1', 'B1', '2023-01-10', '2022/12/01', '2023/09/07', '2023-01-10'),"
          + " ('J2', 'B1', '2024-02-10', '2024/01/01', '2024/10/07', '2024-02-10')");
      // Ten visits a minute apart, V03 and V04 (either side of the first page's end) and V09 twice.
      s.execute("insert into fy_cjjl (jlid, brid, jcrq, yz, ssy, szy, gxsj)"
          + " select 'V' || lpad(n::text, 2, '0'), 'B1',"
          + "   case when n <= 2 then '2023-03-0' || n || ' 09:00' else '2024-03-' || lpad(n::text, 2, '0') || ' 09:00' end,"
          + "   '12+1', 110, 70, timestamp '2024-04-01 08:00' + n * interval '1 minute'"
          + " from generate_series(1, 10) n, generate_series(1, 2) copy"
          + " where copy = 1 or n in (3, 4, 9)");
    }
    camel = new DefaultCamelContext();
    camel.getRegistry().bind("hospitalB", postgres.dataSource("hospital_b"));
    camel.start();
  }

  @AfterAll
  static void stop() {
    camel.stop();
    postgres.close();
  }

  @Test
  void pagesAreFullUntilTheLastAndHoldEveryVisitOnceWithItsPregnancy() {
    Watermark since = Watermark.START;
    List<Integer> pageSizes = new ArrayList<>();
    List<String> visits = new ArrayList<>();
    List<String> bookings = new ArrayList<>();
    while (true) {
      List<Map<String, Object>> page = page(since, 3);
      pageSizes.add(page.size());
      if (page.isEmpty()) {
        break;
      }
      page.forEach(row -> {
        visits.add((String) row.get("visit_no"));
        bookings.add((String) row.get("booking_no"));
      });
      Map<String, Object> last = page.get(page.size() - 1);
      since = new Watermark(((Timestamp) last.get("updated_at")).toInstant(), (String) last.get("visit_no"));
    }

    assertEquals(List.of("V01", "V02", "V03", "V04", "V05", "V06", "V07", "V08", "V09", "V10"), visits);
    assertEquals(List.of(3, 3, 3, 1, 0), pageSizes, "a page is short only at the end, though it met duplicates");
    assertEquals(List.of("J1", "J1", "J2", "J2", "J2", "J2", "J2", "J2", "J2", "J2"), bookings);
  }

  @Test
  void aPageCanBeAsLargeAsTheCountOfEveryRowLeft() {
    // The backfill's count reads the adapter with the largest batch there is.
    assertEquals(10, page(Watermark.START, Integer.MAX_VALUE).size());
  }

  /** One batch as the polling route asks for it: the rows after {@code since}, at most {@code size}. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> page(Watermark since, int size) {
    ProducerTemplate template = camel.createProducerTemplate();
    return template.requestBodyAndHeaders(ADAPTER, null, Map.of(
        PollingRoute.HEADER_SINCE_TS, OffsetDateTime.ofInstant(since.updatedAt(), ZoneOffset.UTC),
        PollingRoute.HEADER_SINCE_KEY, since.key(),
        PollingRoute.HEADER_BATCH_SIZE, size), List.class);
  }
}
