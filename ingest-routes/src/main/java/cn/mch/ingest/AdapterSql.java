package cn.mch.ingest;

import cn.mch.ingest.store.Watermark;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route's SQL adapter as JDBC runs it outside Camel: its text without comments, Camel's named
 * parameters ({@code :#since_ts}, {@code :#since_key}, {@code :#batch_size}) as positional ones,
 * and whether its comments say it reads its tables whole by design ({@value #WHOLE_READS_EXPECTED}).
 */
final class AdapterSql {

  /** The comment that marks an adapter whose batches read its tables whole by design. */
  static final String WHOLE_READS_EXPECTED = "whole-table reads expected:";

  private static final Pattern PARAMETER = Pattern.compile(":#(\\w+)");

  private final String resource;
  private final String positional;
  private final List<String> parameters = new ArrayList<>();
  private final boolean wholeReadsExpected;

  private AdapterSql(String resource, String text) {
    this.resource = resource;
    this.wholeReadsExpected = text.lines().anyMatch(line -> line.strip().startsWith("-- " + WHOLE_READS_EXPECTED));
    String sql = text.replaceAll("--[^\\n]*", "").strip();
    Matcher m = PARAMETER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      parameters.add(m.group(1));
      m.appendReplacement(out, "?");
    }
    m.appendTail(out);
    this.positional = out.toString();
  }

  /** @param resource the classpath resource, e.g. {@code sql/hospital-a/patients.sql} */
  static AdapterSql load(String resource) {
    try (InputStream in = AdapterSql.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing");
      }
      return new AdapterSql(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String resource() {
    return resource;
  }

  /** The adapter's query with {@code ?} for its parameters, in {@link #bind} order. */
  String positional() {
    return positional;
  }

  boolean wholeReadsExpected() {
    return wholeReadsExpected;
  }

  /** Binds the rows after {@code since}, at most {@code batchSize}, as a poll binds them. */
  void bind(PreparedStatement statement, Watermark since, int batchSize) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      switch (parameters.get(i)) {
        case PollingRoute.HEADER_SINCE_TS -> statement.setObject(i + 1, OffsetDateTime.ofInstant(since.updatedAt(), ZoneOffset.UTC));
        case PollingRoute.HEADER_SINCE_KEY -> statement.setString(i + 1, since.key());
        case PollingRoute.HEADER_BATCH_SIZE -> statement.setInt(i + 1, batchSize);
        default -> throw new IllegalStateException(resource + ": unknown adapter parameter " + parameters.get(i));
      }
    }
  }
}
