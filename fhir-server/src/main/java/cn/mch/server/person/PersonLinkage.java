package cn.mch.server.person;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.util.HapiExtensions;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.identity.Linkage;
import cn.mch.mappings.identity.Persons;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps one person record per real person. After a transaction that wrote a source Patient commits,
 * a worker finds the Patient's cluster (every Patient reachable through shared linkage keys:
 * resident ID, birth certificate number, birth event) and writes the cluster's person record
 * ({@link Persons#person}); a person record that a grown cluster superseded is deleted and the
 * records it linked are linked again. Every step is a pure function of what is stored, so repeating
 * it is a no-op.
 *
 * <p>Several workers link side by side on this node. Each reads and grows clusters on its own and
 * writes a cluster holding its members' locks, unless a worker with a newer view has written one of
 * them meanwhile ({@link LinkageLocks}); then the cluster is queued to be linked again. A write that
 * collides with another worker's on a record outside the cluster (a person record both replace, a
 * possible match across their clusters) is queued again too.
 *
 * <p>Work queued when the process stops is found again at start: Patients written since shortly
 * before the newest person record are linked again.
 */
@Interceptor
public class PersonLinkage {

  private static final Logger log = LoggerFactory.getLogger(PersonLinkage.class);
  /** How far before the newest person record the start-up catch-up looks. */
  private static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(10);
  private static final int PAGE = 500;
  /** Most queued Patients one drain links. */
  private static final int DRAIN = 1_000;

  private static final int LOCK_STRIPES = 256;
  /** How long a stop waits for a drain in progress. */
  static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final IFhirResourceDao<Patient> patients;
  private final PossibleMatches possibleMatches;
  private final ExecutorService workers;
  private final int workerCount;
  private final LinkageLocks locks = new LinkageLocks(LOCK_STRIPES);
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong linked = new AtomicLong();
  private final AtomicLong linkedAgain = new AtomicLong();
  private final AtomicLong busyNanos = new AtomicLong();
  private final AtomicLong unchanged = new AtomicLong();
  private final AtomicLong searches = new AtomicLong();
  private volatile boolean stopping;

  /** Links with {@code workers} threads (at least one). */
  public PersonLinkage(DaoRegistry daos, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("Person linkage needs at least one worker, not " + workers);
    }
    this.patients = daos.getResourceDao(Patient.class);
    this.possibleMatches = new PossibleMatches(daos);
    this.workerCount = workers;
    AtomicLong threads = new AtomicLong();
    this.workers = Executors.newFixedThreadPool(workers, runnable -> {
      Thread thread = new Thread(runnable, "person-linkage-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    afterCommit(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    afterCommit(resource);
  }

  private void afterCommit(IBaseResource resource) {
    if (!(resource instanceof Patient patient) || Persons.isPerson(patient) || isPlaceholder(patient)) {
      return;
    }
    String id = patient.getIdElement().getIdPart();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          submit(id);
        }
      });
    } else {
      submit(id);
    }
  }

  /** Queues the linkage of source Patient {@code id}, unless it is queued and not taken yet. */
  public void submit(String id) {
    if (stopping || !queued.add(id)) {
      return;
    }
    pending.incrementAndGet();
    try {
      workers.execute(this::drain);
    } catch (RejectedExecutionException stopped) {
      // Queued while the node stops: the next start's catch-up links it.
      if (queued.remove(id)) {
        pending.decrementAndGet();
      }
    }
  }

  /**
   * Links what is queued, up to {@link #DRAIN} Patients, in one go: a cluster found for one of them
   * is the cluster of every other member too, so each cluster is linked once, and a search made for
   * one member (they share keys and names) serves the others. Each Patient here was queued after its
   * write committed, so a cluster grown now sees that write; a write from now on queues the Patient
   * again, for the next drain.
   */
  private void drain() {
    List<String> taken = new ArrayList<>();
    for (Iterator<String> it = queued.iterator(); it.hasNext() && taken.size() < DRAIN; ) {
      String id = it.next();
      // Another worker may be taking the same id: whoever removes it links it.
      if (queued.remove(id)) {
        taken.add(id);
      }
    }
    if (taken.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    // The view begins before anything is read: what this drain writes is as new as its reads.
    long view = locks.begin();
    try {
      drain(taken, view);
    } finally {
      locks.end(view);
      busyNanos.addAndGet(System.nanoTime() - started);
    }
  }

  private void drain(List<String> taken, long view) {
    LinkageReads reads = new LinkageReads(patients, possibleMatches);
    // Read first, a list per search: the queued Patients, their blocks' candidates and theirs (a
    // cluster's second step), and the decided matches of all of them. A decision made from now on
    // queues both its Patients again, for the next drain.
    prefetch(taken, reads);
    List<Linkage.Cluster> clusters = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Set<String> failed = new HashSet<>();
    try {
      for (String id : taken) {
        if (done.contains(id)) {
          continue;
        }
        try {
          Optional<Patient> start = reads.patient(id);
          if (start.isEmpty() || Persons.isPerson(start.get())) {
            done.add(id);
            continue;
          }
          Linkage.Cluster cluster = Linkage.grow(start.get(), reads::candidates, reads::decidedMatches,
              one -> reads.patient(one).orElse(null));
          clusters.add(cluster);
          done.addAll(cluster.members().keySet());
        } catch (RuntimeException e) {
          failed.add(id);
          // The id is a keyed token; the message names no person.
          log.error("Linking Patient/{} failed; it is linked again on the next write or $mch-link-all", id, e);
        }
      }
      // Then what the writes compare with, for every cluster at once.
      Set<String> members = new HashSet<>();
      clusters.forEach(cluster -> members.addAll(cluster.members().keySet()));
      readQuietly(() -> {
        reads.readPersons(members);
        reads.readTasks(members);
      });
      for (Linkage.Cluster cluster : clusters) {
        try {
          link(cluster, view, reads);
        } catch (RuntimeException e) {
          failed.addAll(cluster.members().keySet());
          String first = cluster.members().keySet().iterator().next();
          log.error("Linking Patient/{} and the {} other records of its cluster failed; they are linked again on the"
              + " next write or $mch-link-all", first, cluster.members().size() - 1, e);
        }
      }
    } finally {
      searches.addAndGet(reads.searches());
      for (String id : taken) {
        if (!failed.contains(id)) {
          linked.incrementAndGet();
        }
        pending.decrementAndGet();
      }
    }
  }

  private void prefetch(List<String> taken, LinkageReads reads) {
    readQuietly(() -> {
      reads.readPatients(taken);
      List<Patient> queued = taken.stream().map(reads::patient).flatMap(Optional::stream)
          .filter(p -> !Persons.isPerson(p)).toList();
      reads.findCandidates(queued.stream().flatMap(p -> Linkage.blocks(p).stream()).toList());
      List<Patient> found = reads.found().toList();
      reads.findCandidates(found.stream().flatMap(p -> Linkage.blocks(p).stream()).toList());
      Set<String> known = new HashSet<>(taken);
      reads.found().forEach(p -> known.add(p.getIdElement().getIdPart()));
      reads.readTasks(known);
    });
  }

  /** Reads ahead; when that fails, what is needed is read when it is needed, one by one. */
  private void readQuietly(Runnable readAhead) {
    try {
      readAhead.run();
    } catch (RuntimeException e) {
      log.error("Reading ahead for person linkage failed; records are read one by one", e);
    }
  }

  /**
   * Applies a person's decision on a possible match ({@code match} or {@code no-match}) and links
   * both records again.
   */
  public Task decide(IdType possibleMatch, String decision) {
    Task task = possibleMatches.decide(possibleMatch, decision);
    submit(task.getFocus().getReferenceElement().getIdPart());
    submit(task.getFor().getReferenceElement().getIdPart());
    return task;
  }

  /** Source Patients queued and not linked yet. */
  public long pending() {
    return pending.get();
  }

  /** Source Patients linked since start. */
  public long linked() {
    return linked.get();
  }

  /**
   * Clusters queued to be linked again since start because another worker wrote one of their
   * records meanwhile.
   */
  public long linkedAgain() {
    return linkedAgain.get();
  }

  /** Clusters whose person record was found as it would be written, so not written again. */
  public long unchanged() {
    return unchanged.get();
  }

  /** Searches the workers made since start (a search for a list of values counts once). */
  public long searches() {
    return searches.get();
  }

  /** Worker threads on this node. */
  public int workers() {
    return workerCount;
  }

  /** Time the workers spent linking since start, summed over the workers, in milliseconds. */
  public long busyMillis() {
    return busyNanos.get() / 1_000_000;
  }

  /**
   * Waits until everything queued, and what linking it queued in turn, is linked. A Patient counts
   * as pending from the moment it is queued until its drain has linked it, and linking that queues
   * more does so before it stops counting, so no pending means nothing left to do.
   */
  public void awaitIdle(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending.get() > 0) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(pending.get() + " Patients still to link after " + timeout);
      }
      Thread.sleep(10);
    }
  }

  /** Queues every source Patient last written at or after {@code since} (all when null). */
  public int submitAll(Date since) {
    // Paged through the server's own search (a synchronous one stops at the largest page), never
    // an answer cached from an earlier call.
    SearchParameterMap map = new SearchParameterMap();
    if (since != null) {
      map.setLastUpdated(new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, since), null));
    }
    map.add("_tag", new TokenParam(FhirSystems.MCH_TAG, Persons.PERSON_TAG).setModifier(TokenParamModifier.NOT));
    SystemRequestDetails request = new SystemRequestDetails();
    request.addHeader(Constants.HEADER_CACHE_CONTROL, Constants.CACHE_CONTROL_NO_CACHE);
    IBundleProvider found = patients.search(map, request);
    int queued = 0;
    for (int from = 0; ; from += PAGE) {
      List<IBaseResource> page = found.getResources(from, from + PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (IBaseResource resource : page) {
        if (!isPlaceholder((Patient) resource)) {
          submit(resource.getIdElement().getIdPart());
          queued++;
        }
      }
    }
    return queued;
  }

  /**
   * At start: links again what was written shortly before the newest person record, and since; when
   * there is no person record yet (a store from before linkage), every source Patient.
   */
  @EventListener(ApplicationReadyEvent.class)
  public void catchUp() {
    SearchParameterMap newest = SearchParameterMap.newSynchronous();
    newest.add("_tag", new TokenParam(FhirSystems.MCH_TAG, Persons.PERSON_TAG));
    newest.setSort(new SortSpec("_lastUpdated", SortOrderEnum.DESC));
    newest.setCount(1);
    List<IBaseResource> found = patients.search(newest, new SystemRequestDetails()).getResources(0, 1);
    Date since = found.isEmpty()
        ? null
        : Date.from(((Patient) found.get(0)).getMeta().getLastUpdated().toInstant().minus(CATCH_UP_MARGIN));
    int queued = submitAll(since);
    if (queued > 0) {
      log.info("Person linkage catch-up: {} source Patients queued", queued);
    }
  }

  /**
   * Stops linking for a stop of the node: nothing more is queued, what is queued and not taken is
   * dropped (the catch-up at the next start links it), and a drain in progress may finish for up to
   * {@link #STOP_WAIT} before it is interrupted; either way this returns before the server's
   * database connections close under it.
   */
  public void shutdown() {
    stopping = true;
    int dropped = 0;
    for (Iterator<String> it = queued.iterator(); it.hasNext(); ) {
      if (queued.remove(it.next())) {
        pending.decrementAndGet();
        dropped++;
      }
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Person linkage still busy after {} s at stop; interrupted (the next start links its records again)",
            STOP_WAIT.toSeconds());
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (dropped > 0) {
      log.info("Person linkage stopped with {} source Patients queued; the next start links them", dropped);
    }
  }

  /**
   * Writes {@code cluster}, grown from what was stored when {@code view} began. When another
   * worker's write makes this one unsafe, the members are queued to be linked again.
   */
  private void link(Linkage.Cluster cluster, long view, LinkageReads reads) {
    Set<String> members = cluster.members().keySet();
    boolean written;
    try {
      written = locks.write(view, members, () -> write(cluster, reads));
    } catch (ResourceVersionConflictException collided) {
      written = false;
    }
    if (!written) {
      linkedAgain.incrementAndGet();
      members.forEach(this::submit);
    }
  }

  /**
   * Writes what linkage concluded about {@code cluster}: its possible matches, its person record,
   * and the retirement of person records it replaces. A person record under the same id that
   * linked records the cluster no longer holds is rewritten; those records are linked again. A
   * person record stored as it would be written is left alone.
   */
  private void write(Linkage.Cluster cluster, LinkageReads reads) {
    Map<String, Patient> members = cluster.members();
    if (workerCount > 1) {
      // Read ahead before this cluster's locks were taken: another worker may have written its
      // person records or Tasks since. Under the locks they are read again, and are current.
      reads.forgetWritesOf(members.keySet());
    }
    cluster.possibleMatches().forEach((pair, reason) -> {
      Task proposed = possibleMatches.propose(pair.get(0), pair.get(1), reason, reads::hasTask);
      if (proposed != null) {
        reads.wrote(proposed);
      }
    });
    possibleMatches.cancelWithin(members.keySet(), reads.tasksNaming(members.keySet()));
    Patient person = Persons.person(members.values());
    String personId = person.getIdElement().getIdPart();
    List<Patient> linking = reads.personsLinking(members.keySet());
    if (linking.size() == 1 && sameRecord(linking.get(0), person)) {
      unchanged.incrementAndGet();
      return;
    }
    patients.update(person, new SystemRequestDetails());
    List<String> deleted = new ArrayList<>();
    for (Patient before : linking) {
      if (!before.getIdElement().getIdPart().equals(personId)) {
        // Versioned: a person record another worker changed since it was read is not deleted.
        IdType read = new IdType("Patient", before.getIdElement().getIdPart(), before.getMeta().getVersionId());
        patients.delete(read, new SystemRequestDetails());
        deleted.add(before.getIdElement().getIdPart());
      }
      before.getLink().stream()
          .map(link -> link.getOther().getReferenceElement().getIdPart())
          .filter(member -> !members.containsKey(member))
          .forEach(this::submit);
    }
    reads.wrote(person, deleted);
  }

  /**
   * Whether {@code stored} is the person record {@code fresh} (same id, same content; the server's
   * version, time stamp and source aside).
   */
  static boolean sameRecord(Patient stored, Patient fresh) {
    if (!stored.getIdElement().getIdPart().equals(fresh.getIdElement().getIdPart())
        || !Persons.isPerson(stored)
        || !fresh.getMeta().getProfile().stream().allMatch(p -> stored.getMeta().hasProfile(p.getValue()))) {
      return false;
    }
    Patient a = stored.copy();
    Patient b = fresh.copy();
    a.setMeta(null);
    b.setMeta(null);
    a.setIdElement(null);
    b.setIdElement(null);
    return a.equalsDeep(b);
  }

  /**
   * Whether {@code patient} is a placeholder HAPI made for a reference to a record not stored (yet):
   * not a source record, so never linked.
   */
  public static boolean isPlaceholder(Patient patient) {
    return patient.hasExtension(HapiExtensions.EXT_RESOURCE_PLACEHOLDER)
        || patient.getMeta().hasExtension(HapiExtensions.EXT_RESOURCE_PLACEHOLDER);
  }
}
