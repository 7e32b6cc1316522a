package cn.mch.mappings.terminology;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ConceptMap.ConceptMapGroupComponent;
import org.hl7.fhir.r4.model.ConceptMap.SourceElementComponent;
import org.hl7.fhir.r4.model.ConceptMap.TargetElementComponent;
import org.hl7.fhir.r4.model.Resource;

/**
 * One source's local codes → the codes the platform writes, read from its ConceptMap
 * ({@code fhir/conformance/ConceptMap-<source>.json}). A group's source system is
 * {@code <platform>/CodeSystem/<source>/<field>}; the field names the coded column (sex,
 * lab-item, delivery-mode, ...).
 */
public final class CodeMap {

  private static final Map<String, CodeMap> LOADED = new ConcurrentHashMap<>();

  private final String source;
  private final Map<String, Coding> targets = new HashMap<>();

  /**
   * @param platformCodes the codes of each of the platform's own CodeSystems, by canonical URL: a
   *     target in one of them must be one of its codes. The server does not validate what ingest
   *     writes with the ingest key, so a typo in a code map must stop the map from loading.
   */
  CodeMap(String source, ConceptMap conceptMap, Map<String, Set<String>> platformCodes) {
    this.source = source;
    for (ConceptMapGroupComponent group : conceptMap.getGroup()) {
      Set<String> known = platformCodes.get(group.getTarget());
      for (SourceElementComponent element : group.getElement()) {
        for (TargetElementComponent target : element.getTarget()) {
          if (known != null && !known.contains(target.getCode())) {
            throw new IllegalStateException("ConceptMap " + source + " maps " + group.getSource() + "|"
                + element.getCode() + " to " + target.getCode() + ", which " + group.getTarget() + " does not define");
          }
          Coding coding = new Coding(group.getTarget(), target.getCode(), target.getDisplay());
          if (targets.put(group.getSource() + "|" + element.getCode(), coding) != null) {
            throw new IllegalStateException(
                "ConceptMap " + source + " maps " + group.getSource() + "|" + element.getCode() + " twice");
          }
        }
      }
    }
  }

  /** The code map of {@code source}, read once. */
  public static CodeMap of(String source) {
    return LOADED.computeIfAbsent(source, s -> new CodeMap(s, Conformance.conceptMap(s), PlatformCodes.ALL));
  }

  /** The codes of the platform's own CodeSystems, read once. */
  private static final class PlatformCodes {
    static final Map<String, Set<String>> ALL = read();

    private static Map<String, Set<String>> read() {
      Map<String, Set<String>> codes = new HashMap<>();
      for (Resource resource : Conformance.all()) {
        if (resource instanceof CodeSystem system) {
          Set<String> set = new HashSet<>();
          add(system.getConcept(), set);
          codes.put(system.getUrl(), Set.copyOf(set));
        }
      }
      return Map.copyOf(codes);
    }

    private static void add(List<ConceptDefinitionComponent> concepts, Set<String> into) {
      for (ConceptDefinitionComponent concept : concepts) {
        into.add(concept.getCode());
        add(concept.getConcept(), into);
      }
    }
  }

  /** The system of this source's local codes of {@code field}. */
  public String localSystem(String field) {
    return FhirSystems.PLATFORM_BASE + "/CodeSystem/" + source + "/" + field;
  }

  /** The standard coding of a local code, if the map knows it. */
  public Optional<Coding> translate(String field, String localCode) {
    if (localCode == null) {
      return Optional.empty();
    }
    Coding target = targets.get(localSystem(field) + "|" + localCode.strip());
    return Optional.ofNullable(target).map(Coding::copy);
  }

  /**
   * The standard coding of a mandatory field's local code; an unknown code rejects the record with
   * {@link RejectReason#UNKNOWN_CODE}. The message names the field, not the value.
   */
  public Coding require(String field, String localCode) {
    if (localCode == null || localCode.isBlank()) {
      throw new MappingException(RejectReason.MISSING_MANDATORY_FIELD, "The " + field + " code is empty");
    }
    return translate(field, localCode)
        .orElseThrow(
            () ->
                new MappingException(
                    RejectReason.UNKNOWN_CODE,
                    "The " + field + " code is not in the code map of " + source));
  }

  /** The local code of {@code field} that maps to {@code targetSystem|targetCode}. */
  public String localCodeOf(String field, String targetSystem, String targetCode) {
    String prefix = localSystem(field) + "|";
    return targets.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .filter(e -> targetSystem.equals(e.getValue().getSystem()) && targetCode.equals(e.getValue().getCode()))
        .map(e -> e.getKey().substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "ConceptMap " + source + " has no " + field + " code for " + targetSystem + "|" + targetCode));
  }

  /** The local code as a coding in the source's own system, kept beside a translation. */
  public Coding local(String field, String localCode) {
    return new Coding(localSystem(field), localCode.strip(), null);
  }
}
