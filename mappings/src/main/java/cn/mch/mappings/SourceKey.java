package cn.mch.mappings;

import java.util.Objects;

/**
 * Where a record comes from: the source system, the kind of record there, and its key in that
 * system. Resource ids are derived from it, so the same source record always lands on the same
 * resources.
 *
 * @param source the source system's code, e.g. {@code hospital-a}
 * @param entity the kind of record, e.g. {@code prenatal-visit}
 * @param localId the record's key in the source system
 */
public record SourceKey(String source, String entity, String localId) {

  public SourceKey {
    requireText(source, "source");
    requireText(entity, "entity");
    requireText(localId, "localId");
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }

  /** A loggable form that holds no personal data: source and entity only. */
  @Override
  public String toString() {
    return source + "/" + entity;
  }
}
