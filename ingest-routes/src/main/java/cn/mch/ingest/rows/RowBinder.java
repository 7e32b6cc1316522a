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
import java.time.format.DateTimeParseException;
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

  /** No column a row binds is near this long; longer text is refused as INVALID_FORMAT. */
  public static final int MAX_TEXT = 4096;

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

  /** The column names a row must have, in the record's order. */
  public List<String> columns() {
    return List.of(columns);
  }

  /**
   * The row as text by column, the inverse of {@link #bind} on text: what a dead letter keeps of a
   * polled row, so that it can be replayed after a fix.
   */
  public Map<String, String> unbind(R row) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    for (int i = 0; i < components.length; i++) {
      try {
        Object value = components[i].getAccessor().invoke(row);
        values.put(columns[i], value == null ? null : value.toString());
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("Cannot read " + columns[i] + " of " + type.getSimpleName(), e);
      }
    }
    return values;
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
    if (value instanceof String text && text.length() > MAX_TEXT) {
      throw new InvalidValueException(column, null);
    }
    if (value instanceof String text && target != String.class) {
      return parse(text.strip(), target, column);
    }
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

  /**
   * A value given as text (a CSV field, an HL7 v2 component): ISO dates ({@code 2024-03-01}),
   * times with an offset or in the source's zone ({@code 2024-03-01T08:30:00}, {@code 2024-03-01
   * 08:30:00}), decimal numbers. Empty text is null.
   */
  private Object parse(String text, Class<?> target, String column) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      if (target == Integer.class) {
        return Integer.valueOf(text);
      }
      if (target == Long.class) {
        return Long.valueOf(text);
      }
      if (target == BigDecimal.class) {
        return new BigDecimal(text);
      }
      if (target == LocalDate.class) {
        return LocalDate.parse(text);
      }
      if (target == Instant.class) {
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        // PostgreSQL writes offsets as +08 (COPY, psql): ISO wants +08:00.
        iso = iso.replaceFirst("([+-]\\d\\d)$", "$1:00");
        try {
          return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException local) {
          return LocalDateTime.parse(iso).atZone(sourceZone).toInstant();
        }
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // The value itself may be personal data: the message names the column only.
      throw new InvalidValueException(column, target);
    }
    throw new IllegalStateException("Column " + column + " does not bind to " + target.getSimpleName());
  }

  /** A field whose text is not of the record component's type. Names the column, never the value. */
  public static final class InvalidValueException extends RuntimeException {
    private final String column;

    InvalidValueException(String column, Class<?> target) {
      super("Column " + column + " is not a valid " + describe(target), null, false, false);
      this.column = column;
    }

    public String column() {
      return column;
    }

    private static String describe(Class<?> target) {
      if (target == null) {
        return "value: longer than " + MAX_TEXT + " characters";
      }
      if (target == LocalDate.class) {
        return "date (yyyy-MM-dd)";
      }
      if (target == Instant.class) {
        return "date and time (yyyy-MM-ddTHH:mm:ss, with or without offset)";
      }
      return target == BigDecimal.class ? "decimal number" : "whole number";
    }
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
