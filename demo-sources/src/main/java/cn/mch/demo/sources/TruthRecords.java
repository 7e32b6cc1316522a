package cn.mch.demo.sources;

import cn.mch.demo.sql.TableWriter;
import java.sql.SQLException;

/** Writes which source record describes which true person or pregnancy. */
final class TruthRecords {

  private final TableWriter sourceRecords;

  TruthRecords(TableWriter sourceRecords) {
    this.sourceRecords = sourceRecords;
  }

  void person(String source, String entity, String key, String personId) throws SQLException {
    sourceRecords.row(source, entity, key, personId, null);
  }

  void pregnancy(String source, String entity, String key, String personId, String pregnancyId)
      throws SQLException {
    sourceRecords.row(source, entity, key, personId, pregnancyId);
  }
}
