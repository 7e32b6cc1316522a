package cn.mch.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An index that lets a string search (a name: {@code Patient?name=王芳}) find its rows by the whole
 * value it starts with, not by its first character only.
 *
 * <p>HAPI finds {@code name=王芳} with {@code hash_norm_prefix = ? and sp_value_normalized like
 * '王芳%'}, where the hash is of the parameter and the value's <em>first character</em> ({@code
 * ResourceIndexedSearchParamString.HASH_PREFIX_LENGTH} is 1). Its index holds both columns, but
 * PostgreSQL can turn {@code like '王芳%'} into a range of the index only where the column's
 * collation is "C"; under any other (the embedded server's {@code C.UTF-8}, a provincial server's
 * {@code zh_CN.UTF-8}) the {@code like} is a filter over every row that shares the first character.
 * For Chinese names that character is the surname: one search for a 王 reads the rows of every 王
 * in the store (2,127 rows for one name while the benchmark's M store of 3,000 mothers was still
 * being written), a number that grows with the store, most for the commonest surnames.
 *
 * <p>This index ({@value #NAME}) orders the values by "C" collation, so the same statement reads
 * only the rows that start with the searched value, on any database collation. HAPI's statements
 * and results are unchanged; an ordering by name still follows the database's collation.
 *
 * <p>Built at start when missing, concurrently (writes of other nodes go on meanwhile); a build that
 * a crash left invalid is built again. Nodes starting together take turns by an advisory lock.
 */
final class StringPrefixIndex {

  static final String NAME = "mch_sp_string_prefix_c";

  private static final Logger log = LoggerFactory.getLogger(StringPrefixIndex.class);
  /** The advisory lock the nodes take turns by (the ASCII of "mch_spxi"). */
  static final long LOCK = 0x6d63685f73707869L;

  private final boolean built;

  private StringPrefixIndex(boolean built) {
    this.built = built;
  }

  /** Whether this start built the index (false: a valid one was there). */
  boolean built() {
    return built;
  }

  /** Builds the index unless a valid one is there. */
  static StringPrefixIndex ensure(DataSource dataSource) {
    return new StringPrefixIndex(build(dataSource));
  }

  private static boolean build(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true); // CREATE INDEX CONCURRENTLY runs outside a transaction
      // Try, never wait, for the lock: a session waiting inside a statement would hold a snapshot
      // that another node's concurrent build waits for.
      while (!locked(connection)) {
        Thread.sleep(500);
      }
      try (Statement statement = connection.createStatement()) {
        Boolean valid = valid(connection);
        if (Boolean.TRUE.equals(valid)) {
          return false;
        }
        if (valid != null) {
          log.warn("Index {} was left invalid by an interrupted build; building it again", NAME);
          statement.execute("drop index concurrently if exists " + NAME);
        }
        long started = System.nanoTime();
        statement.execute("create index concurrently " + NAME
            + " on hfj_spidx_string (hash_norm_prefix, sp_value_normalized collate \"C\", res_id)");
        log.info("Built index {} for string searches by prefix in {} ms", NAME, (System.nanoTime() - started) / 1_000_000);
        return true;
      } finally {
        try (Statement statement = connection.createStatement()) {
          statement.execute("select pg_advisory_unlock(" + LOCK + ")");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not build index " + NAME + " on hfj_spidx_string", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting to build index " + NAME, e);
    }
  }

  private static boolean locked(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select pg_try_advisory_lock(" + LOCK + ")")) {
      result.next();
      return result.getBoolean(1);
    }
  }

  /** Whether the index is valid; null when there is none. */
  static Boolean valid(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "select i.indisvalid from pg_class c join pg_index i on i.indexrelid = c.oid"
            + " where c.relname = ? and c.relnamespace = to_regnamespace(current_schema())::oid")) {
      statement.setString(1, NAME);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? result.getBoolean(1) : null;
      }
    }
  }
}
