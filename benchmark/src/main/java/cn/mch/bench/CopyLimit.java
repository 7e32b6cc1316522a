package cn.mch.bench;

import cn.mch.bench.StoredResources.Stored;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The ceiling: the same resources' JSON written straight into one PostgreSQL table with {@code
 * COPY} (id, type, jsonb), no FHIR server, no indexes but the primary key. No FHIR store gets
 * near it; it says what share of the database's own write speed the pipeline uses.
 */
final class CopyLimit {

  private CopyLimit() {}

  /** Seconds to COPY all resources, in chunks of 10,000 rows, one connection. */
  static double seconds(DataSource database, List<Stored> resources) throws Exception {
    try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
      s.execute("drop table if exists resource_json");
      s.execute("create table resource_json (res_type text not null, fhir_id text not null, body jsonb not null,"
          + " primary key (res_type, fhir_id))");
      long started = System.nanoTime();
      PGConnection pg = c.unwrap(PGConnection.class);
      for (int i = 0; i < resources.size(); i += 10_000) {
        StringBuilder rows = new StringBuilder();
        for (Stored r : resources.subList(i, Math.min(resources.size(), i + 10_000))) {
          rows.append(r.type()).append('\t').append(r.id()).append('\t').append(escape(r.json())).append('\n');
        }
        pg.getCopyAPI().copyIn("copy resource_json from stdin", new StringReader(rows.toString()));
      }
      return (System.nanoTime() - started) / 1e9;
    }
  }

  /** COPY's text format: backslash, tab and line breaks escaped. */
  private static String escape(String json) {
    return json.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }
}
