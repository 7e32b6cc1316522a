package cn.mch.mappings.identity;

import cn.mch.mappings.FhirSystems;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * Grows the cluster of source Patients that are one person, from any of them: candidates are found
 * through {@link #blocks} (by whoever stores the Patients: the FHIR server's searches, or an index in
 * memory), {@link MatchRules} decides, and decisions a person took override the rules. Pure, so the
 * server and an offline evaluation give the same clusters.
 */
public final class Linkage {

  /** What candidates are looked up by: a key, or a name (simplified or pinyin) on a birth date. */
  public sealed interface Block permits ByIdentifier, ByName, ByPinyin {}

  public record ByIdentifier(String system, String value) implements Block {}

  public record ByName(String simplifiedName, String birthDate) implements Block {}

  public record ByPinyin(String pinyinKey, String birthDate) implements Block {}

  /** A cluster and the possible matches seen while growing it (member id → candidate id, reason). */
  public record Cluster(Map<String, Patient> members, Map<List<String>, String> possibleMatches) {}

  private Linkage() {}

  /** The blocks a Patient's candidates are found by. */
  public static List<Block> blocks(Patient patient) {
    List<Block> blocks = new ArrayList<>();
    for (Identifier key : patient.getIdentifier()) {
      if (key.hasValue() && (Persons.KEY_SYSTEMS.contains(key.getSystem())
          || LinkageKeys.BIRTH_BY_MOTHER_NAME.equals(key.getSystem()))) {
        blocks.add(new ByIdentifier(key.getSystem(), key.getValue()));
      }
    }
    if (patient.hasBirthDate()) {
      String birthDate = patient.getBirthDateElement().getValueAsString();
      for (HumanName name : patient.getName()) {
        if (!name.hasText()) {
          continue;
        }
        blocks.add(name.hasExtension(FhirSystems.NAME_REPRESENTATION)
            ? new ByPinyin(NameForms.pinyinKey(name.getText()), birthDate)
            : new ByName(NameForms.simplified(name.getText()), birthDate));
      }
    }
    return blocks.stream().distinct().toList();
  }

  /**
   * The cluster of {@code start}.
   *
   * @param candidates the stored source Patients found by a block (persons and placeholders left out)
   * @param decided ids of the Patients a person decided are the same as the given one
   * @param read a stored source Patient by id, or null
   */
  public static Cluster grow(Patient start, Function<Block, List<Patient>> candidates,
      Function<String, Set<String>> decided, Function<String, Patient> read) {
    Map<String, Patient> members = new LinkedHashMap<>();
    Map<List<String>, String> possible = new LinkedHashMap<>();
    Deque<Patient> todo = new ArrayDeque<>(List.of(start));
    members.put(id(start), start);
    while (!todo.isEmpty()) {
      Patient member = todo.pop();
      Set<String> decidedMatches = decided.apply(id(member));
      Map<String, Patient> found = new LinkedHashMap<>();
      blocks(member).forEach(block -> candidates.apply(block).forEach(c -> found.putIfAbsent(id(c), c)));
      for (String other : decidedMatches) {
        if (!found.containsKey(other)) {
          Patient stored = read.apply(other);
          if (stored != null) {
            found.put(other, stored);
          }
        }
      }
      for (Patient candidate : found.values()) {
        String candidateId = id(candidate);
        if (members.containsKey(candidateId)) {
          continue;
        }
        boolean byDecision = decidedMatches.contains(candidateId);
        MatchRules.Outcome outcome = byDecision ? MatchRules.Outcome.MATCH : MatchRules.compare(member, candidate);
        boolean conflicts = members.values().stream().anyMatch(m -> MatchRules.conflict(m, candidate));
        if (outcome == MatchRules.Outcome.MATCH && (byDecision || !conflicts)) {
          members.put(candidateId, candidate);
          todo.push(candidate);
        } else if (outcome == MatchRules.Outcome.POSSIBLE_MATCH && !conflicts) {
          possible.putIfAbsent(List.of(id(member), candidateId), MatchRules.reason(member, candidate));
        }
      }
    }
    possible.keySet().removeIf(pair -> members.containsKey(pair.get(1)));
    return new Cluster(members, possible);
  }

  private static String id(Patient patient) {
    return patient.getIdElement().getIdPart();
  }
}
