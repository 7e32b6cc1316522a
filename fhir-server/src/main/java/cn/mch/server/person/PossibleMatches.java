package cn.mch.server.person;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.ResourceIds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * Possible matches, kept as FHIR Tasks for a person to decide: {@code code} possible-match, the two
 * source Patients as {@code focus} and {@code for}, status requested until decided. A decision
 * completes the Task with an output {@code decision} = match or no-match; a match then joins the
 * two records' persons like a shared key would. One Task per pair (its id is derived from the
 * pair), so linking again never asks twice, and a decision is never undone by linkage.
 */
class PossibleMatches {

  static final String TASK_CODES = FhirSystems.PLATFORM_BASE + "/CodeSystem/mch-task";
  static final String POSSIBLE_MATCH = "possible-match";
  static final String DECISION = "decision";
  static final String MATCH = "match";
  static final String NO_MATCH = "no-match";

  private final IFhirResourceDao<Task> tasks;

  PossibleMatches(DaoRegistry daos) {
    this.tasks = daos.getResourceDao(Task.class);
  }

  /**
   * Records the possible match of two source Patients, unless it is recorded or decided already
   * ({@code known} tells of a Task this drain read; one it did not is looked for); returns the Task
   * written, or null.
   */
  Task propose(String a, String b, String reason, java.util.function.Predicate<String> known) {
    String first = a.compareTo(b) < 0 ? a : b;
    String second = first.equals(a) ? b : a;
    IdType id = new IdType("Task", ResourceIds.hashed("possible-match\u001f" + first + "\u001f" + second));
    if (known.test(id.getIdPart())) {
      return null;
    }
    try {
      tasks.read(id, new SystemRequestDetails());
      return null;
    } catch (ResourceNotFoundException | ResourceGoneException absent) {
      // not proposed yet
    }
    Task task = new Task();
    task.setId(id);
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.PROPOSAL);
    task.setCode(new CodeableConcept(new Coding(TASK_CODES, POSSIBLE_MATCH, "Possible match of two person records")));
    task.setDescription(reason);
    task.setFocus(new Reference("Patient/" + first));
    task.setFor(new Reference("Patient/" + second));
    tasks.update(task, new SystemRequestDetails());
    return task;
  }

  /**
   * The source Patients a person decided are the same as each of {@code patients}, among {@code
   * tasks}: every one of them is a key, with an empty set when nobody decided a match for it.
   */
  static Map<String, Set<String>> decidedMatches(Collection<String> patients, Collection<Task> tasks) {
    Map<String, Set<String>> decided = new HashMap<>();
    patients.forEach(patient -> decided.put(patient, new HashSet<>()));
    for (Task task : tasks) {
      if (task.getStatus() == Task.TaskStatus.COMPLETED && MATCH.equals(decision(task))) {
        String focus = task.getFocus().getReferenceElement().getIdPart();
        String other = task.getFor().getReferenceElement().getIdPart();
        if (decided.containsKey(focus)) {
          decided.get(focus).add(other);
        }
        if (decided.containsKey(other)) {
          decided.get(other).add(focus);
        }
      }
    }
    return decided;
  }

  /**
   * Open possible matches between two records of {@code cluster}, now one person, are moot: those
   * among {@code tasks} are cancelled (at the version read: one decided since is left as decided).
   */
  void cancelWithin(Set<String> cluster, Collection<Task> tasks) {
    for (Task task : tasks) {
      if (task.getStatus() == Task.TaskStatus.REQUESTED
          && cluster.contains(task.getFocus().getReferenceElement().getIdPart())
          && cluster.contains(task.getFor().getReferenceElement().getIdPart())) {
        task.setStatus(Task.TaskStatus.CANCELLED);
        task.setStatusReason(new CodeableConcept().setText("linked by a shared identifier"));
        this.tasks.update(task, new SystemRequestDetails());
      }
    }
  }

  /** Applies a person's decision; returns the two source Patients to link again. */
  Task decide(IdType id, String decision) {
    if (!MATCH.equals(decision) && !NO_MATCH.equals(decision)) {
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException("decision must be match or no-match");
    }
    Task task = tasks.read(id, new SystemRequestDetails());
    if (!task.getCode().hasCoding(TASK_CODES, POSSIBLE_MATCH)) {
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException("Task/" + id.getIdPart() + " is not a possible match");
    }
    task.setStatus(Task.TaskStatus.COMPLETED);
    task.setStatusReason(null);
    task.getOutput().clear();
    task.addOutput().setType(new CodeableConcept().setText(DECISION)).setValue(new CodeType(decision));
    tasks.update(task, new SystemRequestDetails());
    return task;
  }

  /** Possible-match Tasks naming any of {@code patients}, each once: two searches. */
  List<Task> tasksNaming(Set<String> patients) {
    Map<String, Task> found = new LinkedHashMap<>();
    for (String parameter : List.of("focus", "subject")) {
      ReferenceOrListParam any = new ReferenceOrListParam();
      patients.forEach(p -> any.addOr(new ReferenceParam("Patient/" + p)));
      SearchParameterMap map = AllResults.search();
      map.add(parameter, any);
      map.add("code", new TokenParam(TASK_CODES, POSSIBLE_MATCH));
      tasks.search(map, new SystemRequestDetails()).getAllResources()
          .forEach(r -> found.putIfAbsent(r.getIdElement().getIdPart(), (Task) r));
    }
    return new ArrayList<>(found.values());
  }

  static String focus(Task task) {
    return task.getFocus().getReferenceElement().getIdPart();
  }

  static String other(Task task) {
    return task.getFor().getReferenceElement().getIdPart();
  }

  private static String decision(Task task) {
    return task.getOutput().stream()
        .filter(o -> DECISION.equals(o.getType().getText()))
        .map(o -> o.getValue().primitiveValue())
        .findFirst().orElse(null);
  }
}
