package cn.mch.ingest;

import cn.mch.ingest.store.Watermark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a batch of a route's SQL adapter is read through indexes on the source: the rows after
 * the watermark in change order, and what each row looks up or joins. Asked of the source's own
 * planner ({@code explain}, nothing run), with sequential scans, hash joins and merge joins
 * switched off for the one statement, so that a table is still read whole (a sequential scan, or
 * an index walked end to end or taken into a bitmap with no condition) only where no index serves
 * the query. Such a table costs every poll a read of all its rows, and a backfill the square of
 * its size (README, "Adding a hospital").
 */
final class AdapterPlan {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AdapterPlan() {}

  /**
   * The tables a batch after {@code since} reads whole, by name, in name order; none when every
   * table is read through an index. The connection's transaction is rolled back.
   */
  static Set<String> tablesReadWhole(Connection connection, AdapterSql adapter, Watermark since, int batchSize)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (Statement s = connection.createStatement()) {
        s.execute("set local enable_seqscan = off");
        s.execute("set local enable_hashjoin = off");
        s.execute("set local enable_mergejoin = off");
      }
      try (PreparedStatement explain = connection.prepareStatement("explain (format json) " + adapter.positional())) {
        adapter.bind(explain, since, batchSize);
        try (ResultSet plan = explain.executeQuery()) {
          plan.next();
          Set<String> whole = new TreeSet<>();
          collect(JSON.readTree(plan.getString(1)).get(0).get("Plan"), whole);
          return whole;
        }
      } catch (IOException e) {
        throw new IllegalStateException(adapter.resource() + ": PostgreSQL's plan is not the JSON expected", e);
      }
    } finally {
      connection.rollback();
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void collect(JsonNode node, Set<String> whole) {
    String type = node.path("Node Type").asText();
    boolean indexWalk = type.equals("Index Scan") || type.equals("Index Only Scan");
    boolean bitmapWalk = type.equals("Bitmap Heap Scan") && bitmapOfWholeIndex(node);
    if (type.equals("Seq Scan") || (indexWalk && !node.has("Index Cond")) || bitmapWalk) {
      whole.add(node.path("Relation Name").asText());
    }
    for (JsonNode child : node.path("Plans")) {
      collect(child, whole);
    }
  }

  /** Whether a bitmap heap scan's bitmap takes an index whole (a bitmap index scan with no condition). */
  private static boolean bitmapOfWholeIndex(JsonNode node) {
    for (JsonNode child : node.path("Plans")) {
      if ((child.path("Node Type").asText().equals("Bitmap Index Scan") && !child.has("Index Cond")) || bitmapOfWholeIndex(child)) {
        return true;
      }
    }
    return false;
  }
}
