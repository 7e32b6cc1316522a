package cn.mch.mappings;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/** The resources one source record becomes, each with its deterministic id already set. */
public record MappedRecord(SourceKey key, List<Resource> resources) {

  public MappedRecord {
    resources = List.copyOf(resources);
  }
}
