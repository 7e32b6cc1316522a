package cn.mch.mappings;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * The resources one source record becomes, each with its deterministic id already set, and the
 * data-quality issues the mapping kept the record despite (e.g. a local code of an optional field
 * that the code map does not know, preserved as it came).
 */
public record MappedRecord(SourceKey key, List<Resource> resources, List<QualityIssue> issues) {

  public MappedRecord {
    resources = List.copyOf(resources);
    issues = List.copyOf(issues);
  }

  public MappedRecord(SourceKey key, List<Resource> resources) {
    this(key, resources, List.of());
  }

  /**
   * A record kept with a flaw, counted in the per-source data-quality report.
   *
   * @param reason a stable code, e.g. {@code UNKNOWN_CODE}
   * @param field the field concerned, e.g. {@code lab-result}; never its value
   */
  public record QualityIssue(String reason, String field) {}
}
