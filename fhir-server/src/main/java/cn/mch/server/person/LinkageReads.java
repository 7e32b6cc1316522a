package cn.mch.server.person;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringOrListParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.identity.Linkage;
import cn.mch.mappings.identity.Persons;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;

/**
 * What one drain of person linkage reads, in a few searches however many records it links: the
 * queued Patients, the candidates of their blocks, the possible-match Tasks naming them and the
 * person records linking them. Each is asked for a whole list at once ({@code a,b,c}, up to {@link
 * #CHUNK} per search) and kept for the drain; what the drain needs beyond that is searched when it is
 * needed, the same way.
 *
 * <p>A search for many blocks at once finds each block's candidates and some more (names and birth
 * dates are asked for separately); {@link #finds} tells which stored Patient the search for one
 * block finds, by the rules the server's own index follows, so a block's candidates are what its own
 * search returns.
 */
final class LinkageReads {

  /** Most values in one search's list. */
  static final int CHUNK = 200;

  private final IFhirResourceDao<Patient> patients;
  private final PossibleMatches possibleMatches;
  private final Map<String, Optional<Patient>> stored = new HashMap<>();
  private final Map<Linkage.Block, List<Patient>> candidates = new HashMap<>();
  /** Possible-match Tasks by id, and the Patients whose Tasks are all among them. */
  private final Map<String, Task> tasks = new HashMap<>();
  private final Map<String, Set<String>> tasksOf = new HashMap<>();
  /** Person records by id, and for each Patient asked about, the ids of the persons linking it. */
  private final Map<String, Patient> persons = new HashMap<>();
  private final Map<String, Set<String>> personsOf = new HashMap<>();
  private int searches;

  LinkageReads(IFhirResourceDao<Patient> patients, PossibleMatches possibleMatches) {
    this.patients = patients;
    this.possibleMatches = possibleMatches;
  }

  /** Searches made so far. */
  int searches() {
    return searches;
  }

  /** Reads {@code ids} (source Patients, persons, or gone) in as few searches as it takes. */
  void readPatients(Collection<String> ids) {
    List<String> missing = ids.stream().distinct().filter(id -> !stored.containsKey(id)).toList();
    for (List<String> chunk : chunks(missing)) {
      TokenOrListParam any = new TokenOrListParam();
      chunk.forEach(id -> any.addOr(new TokenParam(id)));
      SearchParameterMap map = AllResults.search();
      map.add("_id", any);
      chunk.forEach(id -> stored.put(id, Optional.empty()));
      search(map).forEach(p -> stored.put(p.getIdElement().getIdPart(), Optional.of(p)));
    }
  }

  /** The stored Patient {@code id}, or empty when there is none (never written, or deleted). */
  Optional<Patient> patient(String id) {
    readPatients(List.of(id));
    return stored.get(id);
  }

  /** Finds the candidates of {@code blocks} not found yet, a list of each kind per search. */
  void findCandidates(Collection<Linkage.Block> blocks) {
    List<Linkage.Block> missing = blocks.stream().distinct().filter(b -> !candidates.containsKey(b)).toList();
    for (List<Linkage.Block> chunk : chunks(missing.stream().filter(Linkage.ByIdentifier.class::isInstance).toList())) {
      TokenOrListParam any = new TokenOrListParam();
      chunk.forEach(b -> any.addOr(new TokenParam(((Linkage.ByIdentifier) b).system(), ((Linkage.ByIdentifier) b).value())));
      SearchParameterMap map = AllResults.search();
      map.add("identifier", any);
      sortOut(chunk, search(map));
    }
    for (List<Linkage.Block> chunk : chunks(missing.stream().filter(Linkage.ByName.class::isInstance).toList())) {
      sortOut(chunk, search(byNameOnDate("name", chunk.stream().map(b -> ((Linkage.ByName) b).simplifiedName()),
          chunk.stream().map(b -> ((Linkage.ByName) b).birthDate()))));
    }
    for (List<Linkage.Block> chunk : chunks(missing.stream().filter(Linkage.ByPinyin.class::isInstance).toList())) {
      sortOut(chunk, search(byNameOnDate("pinyin", chunk.stream().map(b -> ((Linkage.ByPinyin) b).pinyinKey()),
          chunk.stream().map(b -> ((Linkage.ByPinyin) b).birthDate()))));
    }
  }

  /** The stored source Patients {@code block} finds (persons and placeholders left out). */
  List<Patient> candidates(Linkage.Block block) {
    findCandidates(List.of(block));
    return candidates.get(block);
  }

  /** Every candidate found so far. */
  Stream<Patient> found() {
    return candidates.values().stream().flatMap(List::stream);
  }

  /** Reads the possible-match Tasks naming any of {@code ids}, for those not read yet. */
  void readTasks(Collection<String> ids) {
    List<String> missing = ids.stream().distinct().filter(id -> !tasksOf.containsKey(id)).toList();
    for (List<String> chunk : chunks(missing)) {
      chunk.forEach(id -> tasksOf.put(id, new HashSet<>()));
      possibleMatches.tasksNaming(Set.copyOf(chunk)).forEach(this::wrote);
      searches += 2;
    }
  }

  /** The possible-match Tasks naming any of {@code ids}. */
  List<Task> tasksNaming(Set<String> ids) {
    readTasks(ids);
    Set<String> taskIds = new LinkedHashSet<>();
    ids.forEach(id -> taskIds.addAll(tasksOf.get(id)));
    return taskIds.stream().map(tasks::get).toList();
  }

  /** Whether possible-match Task {@code id} is stored, as far as this drain read (or wrote) it. */
  boolean hasTask(String id) {
    return tasks.containsKey(id);
  }

  /** Notes a Task this drain read or wrote. */
  void wrote(Task task) {
    String id = task.getIdElement().getIdPart();
    tasks.put(id, task);
    for (String patient : List.of(PossibleMatches.focus(task), PossibleMatches.other(task))) {
      Set<String> naming = tasksOf.get(patient);
      if (naming != null) {
        naming.add(id);
      }
    }
  }

  /** The Patients a person decided are the same as {@code id}. */
  Set<String> decidedMatches(String id) {
    return PossibleMatches.decidedMatches(List.of(id), tasksNaming(Set.of(id))).get(id);
  }

  /** Reads the person records linking any of {@code ids}, for those not asked about yet. */
  void readPersons(Collection<String> ids) {
    List<String> missing = ids.stream().distinct().filter(id -> !personsOf.containsKey(id)).toList();
    for (List<String> chunk : chunks(missing)) {
      ReferenceOrListParam any = new ReferenceOrListParam();
      chunk.forEach(member -> any.addOr(new ReferenceParam("Patient/" + member)));
      SearchParameterMap map = AllResults.search();
      map.add("link", any);
      chunk.forEach(member -> personsOf.put(member, new HashSet<>()));
      search(map).stream().filter(Persons::isPerson).forEach(this::index);
    }
  }

  /** Person records linking any of {@code ids}. */
  List<Patient> personsLinking(Collection<String> ids) {
    readPersons(ids);
    Set<String> personIds = new LinkedHashSet<>();
    ids.forEach(id -> personIds.addAll(personsOf.get(id)));
    return personIds.stream().map(persons::get).toList();
  }

  /**
   * Forgets the person records and Tasks read for {@code ids}, so they are read again: another
   * worker may have written some since.
   */
  void forgetWritesOf(Collection<String> ids) {
    ids.forEach(id -> {
      personsOf.remove(id);
      tasksOf.remove(id);
    });
  }

  /** Notes that this drain wrote {@code person} and deleted the persons {@code deleted}. */
  void wrote(Patient person, Collection<String> deleted) {
    Stream.concat(deleted.stream(), Stream.of(person.getIdElement().getIdPart())).forEach(id -> {
      persons.remove(id);
      personsOf.values().forEach(linking -> linking.remove(id));
    });
    index(person);
  }

  private void index(Patient person) {
    String id = person.getIdElement().getIdPart();
    persons.put(id, person);
    for (Patient.PatientLinkComponent link : person.getLink()) {
      Set<String> linking = personsOf.get(link.getOther().getReferenceElement().getIdPart());
      if (linking != null) {
        linking.add(id);
      }
    }
  }

  /**
   * Whether the server's search for {@code block} alone finds {@code patient}: an identifier of the
   * same system and value; or on the same birth date (a date within the block's), a name with a part
   * (family, given, text, prefix, suffix) exactly the block's simplified name, or a pinyin name whose
   * text without spaces is exactly the block's key (what the {@code pinyin} parameter indexes).
   */
  static boolean finds(Linkage.Block block, Patient patient) {
    if (block instanceof Linkage.ByIdentifier key) {
      return patient.getIdentifier().stream()
          .anyMatch(id -> key.system().equals(id.getSystem()) && key.value().equals(id.getValue()));
    }
    if (block instanceof Linkage.ByName name) {
      return bornOn(patient, name.birthDate())
          && patient.getName().stream().flatMap(LinkageReads::parts).anyMatch(name.simplifiedName()::equals);
    }
    Linkage.ByPinyin pinyin = (Linkage.ByPinyin) block;
    return bornOn(patient, pinyin.birthDate())
        && patient.getName().stream()
            .filter(n -> n.hasExtension(FhirSystems.NAME_REPRESENTATION) && n.hasText())
            .anyMatch(n -> n.getText().replace(" ", "").equals(pinyin.pinyinKey()));
  }

  private static Stream<String> parts(HumanName name) {
    List<String> parts = new ArrayList<>();
    if (name.hasFamily()) {
      parts.add(name.getFamily());
    }
    name.getGiven().forEach(g -> parts.add(g.getValue()));
    if (name.hasText()) {
      parts.add(name.getText());
    }
    name.getPrefix().forEach(p -> parts.add(p.getValue()));
    name.getSuffix().forEach(s -> parts.add(s.getValue()));
    return parts.stream();
  }

  /** A birth date the search {@code birthdate=date} finds: one within that day, month or year. */
  private static boolean bornOn(Patient patient, String date) {
    return patient.hasBirthDateElement() && patient.getBirthDateElement().getValueAsString() != null
        && patient.getBirthDateElement().getValueAsString().startsWith(date);
  }

  private void sortOut(List<Linkage.Block> chunk, List<Patient> found) {
    List<Patient> sources = found.stream()
        .filter(p -> !Persons.isPerson(p) && !PersonLinkage.isPlaceholder(p))
        .toList();
    for (Linkage.Block block : chunk) {
      candidates.put(block, sources.stream().filter(p -> finds(block, p)).toList());
    }
  }

  private static SearchParameterMap byNameOnDate(String parameter, Stream<String> names, Stream<String> dates) {
    StringOrListParam anyName = new StringOrListParam();
    names.distinct().forEach(n -> anyName.addOr(new StringParam(n, true)));
    DateOrListParam anyDate = new DateOrListParam();
    dates.distinct().forEach(d -> anyDate.addOr(new DateParam(d)));
    SearchParameterMap map = AllResults.search();
    map.add(parameter, anyName);
    map.add("birthdate", anyDate);
    return map;
  }

  private List<Patient> search(SearchParameterMap map) {
    searches++;
    // A Patient found twice (by two values of the list) is kept once.
    Map<String, Patient> unique = new LinkedHashMap<>();
    for (IBaseResource found : patients.search(map, new SystemRequestDetails()).getAllResources()) {
      unique.putIfAbsent(found.getIdElement().getIdPart(), (Patient) found);
    }
    return new ArrayList<>(unique.values());
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
    }
    return chunks;
  }
}
