package cn.mch.demo.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;

/** Inserts rows into one table in JDBC batches. */
public final class TableWriter implements AutoCloseable {

  private static final int BATCH = 1000;

  private final PreparedStatement insert;
  private final int columns;
  private int pending;
  private long written;

  public TableWriter(Connection connection, String table, String... columns) throws SQLException {
    this.columns = columns.length;
    this.insert =
        connection.prepareStatement(
            "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                + String.join(", ", Collections.nCopies(columns.length, "?")) + ")");
  }

  public void row(Object... values) throws SQLException {
    if (values.length != columns) {
      throw new IllegalArgumentException("Expected " + columns + " values, got " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      insert.setObject(i + 1, values[i]);
    }
    insert.addBatch();
    written++;
    if (++pending == BATCH) {
      insert.executeBatch();
      pending = 0;
    }
  }

  public long written() {
    return written;
  }

  @Override
  public void close() throws SQLException {
    if (pending > 0) {
      insert.executeBatch();
    }
    insert.close();
  }
}
