package cn.mch.ingest.rows;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the rows a SQL adapter selects into typed records, the first step of every polling route.
 * A column binds to the record component of the same name in snake case ({@code systolic_mm_hg} →
 * {@code systolicMmHg}), so the SQL select list and the record are the only places column names
 * appear. A missing column is a configuration error and fails at once.
 *
 * @param <R> the row record type
 */
public final class RowBinder<R extends Record> {

  private final Class<R> type;
  private final RecordComponent[] components;
  private final String[] columns;
  private final Constructor<R> constructor;
  private final ZoneId sourceZone;

  /**
   * @param sourceZone time zone of the source's {@code timestamp without time zone} columns
   */
  public RowBinder(Class<R> type, ZoneId sourceZone) {
    this.type = type;
    this.components = type.getRecordComponents();
    this.columns = Arrays.stream(components).map(c -> snakeCase(c.getName())).toArray(String[]::new);
    this.sourceZone = sourceZone;
    try {
      this.constructor =
          type.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("No canonical constructor on " + type.getName(), e);
    }
  }

  public List<R> bindAll(List<Map<String, Object>> rows) {
    return rows.stream().map(this::bind).toList();
  }

  public R bind(Map<String, Object> row) {
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      if (!row.containsKey(columns[i])) {
        throw new IllegalStateException(
            "The SQL adapter for " + type.getSimpleName() + " selects no column " + columns[i]);
      }
      values[i] = convert(row.get(columns[i]), components[i].getType(), columns[i]);
    }
    try {
      return constructor.newInstance(values);
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Cannot build " + type.getSimpleName(), e.getCause());
    }
  }

  private Object convert(Object value, Class<?> target, String column) {
    if (value == null || target.isInstance(value)) {
      return value;
    }
    if (target == String.class) {
      return value.toString();
    }
    if (target == Integer.class && value instanceof Number n) {
      return n.intValue();
    }
    if (target == Long.class && value instanceof Number n) {
      return n.longValue();
    }
    if (target == BigDecimal.class && value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (target == LocalDate.class && value instanceof Date d) {
      return d.toLocalDate();
    }
    if (target == Instant.class && value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (target == Instant.class && value instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (target == Instant.class && value instanceof LocalDateTime t) {
      return t.atZone(sourceZone).toInstant();
    }
    throw new IllegalStateException(
        "Column "
            + column
            + " is "
            + value.getClass().getSimpleName()
            + ", which does not bind to "
            + target.getSimpleName());
  }

  static String snakeCase(String camel) {
    StringBuilder out = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
