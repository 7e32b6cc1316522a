package cn.mch.ingest;

import cn.mch.ingest.store.Watermark;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.SourceKey;
import java.util.function.Function;

/**
 * One entity of one source that a {@link PollingRoute} polls: where its rows come from, what record
 * they bind to, and how a record is keyed, ordered and mapped.
 *
 * @param routeId kebab-case route id, e.g. {@code hospital-a-prenatal-visits}; also the watermark's
 *     name
 * @param adapter the entity's adapter name, e.g. {@code prenatal-visits}: its SQL file and its CSV
 *     drop folder
 * @param sql the SQL adapter endpoint, e.g. {@code sql:classpath:sql/hospital-a/prenatal-visits.sql}
 * @param dataSourceName registry name of the source's DataSource
 * @param rowType the row record
 * @param key the row's key in its source, for dead letters
 * @param watermark the row's change stamp and key, in the order the SQL adapter sorts by
 * @param mapping the FHIR resources of one row
 * @param <R> the row record type
 */
public record PolledEntity<R extends Record>(
    String routeId,
    String adapter,
    String sql,
    String dataSourceName,
    Class<R> rowType,
    Function<R, SourceKey> key,
    Function<R, Watermark> watermark,
    Function<R, MappedRecord> mapping) {

  /**
   * The entity read by the SQL adapter {@code sql/<code>/<adapter>.sql} of {@code source}, polled by
   * the route {@code <code>-<adapter>}.
   *
   * @param sourceKey the row's source key, given its local key (never empty: see {@link #keyOrMissing})
   * @param localKey the row's key in the source, the watermark's tie-breaker
   * @param changed the row's change stamp (the adapter's order column)
   */
  public static <R extends Record> PolledEntity<R> of(
      SourceConnection source,
      String adapter,
      Class<R> rowType,
      java.util.function.BiFunction<R, String, SourceKey> sourceKey,
      Function<R, String> localKey,
      Function<R, java.time.Instant> changed,
      Function<R, MappedRecord> mapping) {
    return new PolledEntity<>(
        source.code() + "-" + adapter,
        adapter,
        source.sql(adapter),
        source.dataSourceName(),
        rowType,
        row -> sourceKey.apply(row, keyOrMissing(localKey.apply(row))),
        row -> new Watermark(changed.apply(row), localKey.apply(row)),
        mapping);
  }

  /** The key column's value, or a marker when the source left it empty. */
  public static String keyOrMissing(String value) {
    return value == null || value.isBlank() ? "(missing)" : value;
  }
}
