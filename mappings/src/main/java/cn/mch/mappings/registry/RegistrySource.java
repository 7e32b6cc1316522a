package cn.mch.mappings.registry;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.terminology.CodeMap;

/**
 * A public-health source that is not a hospital: the community child-health system, the
 * marriage registry with premarital examinations, the birth registry.
 *
 * @param code short stable code, e.g. {@code birth-registry}
 * @param name display name
 */
public record RegistrySource(String code, String name) {

  public static final String CHILD_HEALTH = "child-health";
  public static final String MARRIAGE_REGISTRY = "marriage-registry";
  public static final String BIRTH_REGISTRY = "birth-registry";

  public SourceKey key(String entity, String localId) {
    return new SourceKey(code, entity, localId);
  }

  public String numberSystem(String kind) {
    return FhirSystems.sourceIdentifier(code, kind);
  }

  public CodeMap codes() {
    return CodeMap.of(code);
  }
}
