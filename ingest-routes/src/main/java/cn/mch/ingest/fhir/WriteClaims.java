package cn.mch.ingest.fhir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resources that a node's transactions in flight may create, so that no two of them create
 * the same one at once.
 *
 * <p>Two transactions that both create {@code Patient/x} (one as an entry, or both as the
 * placeholder HAPI makes for a reference to a resource not stored yet) cannot both commit: HAPI
 * refuses the second with HTTP 409 after doing all its work, and the writer sends the whole batch
 * again. A transaction therefore claims, before it is sent, every id it names (its entries and the
 * targets of its references) that this node has not seen stored, and waits while another
 * transaction in flight holds a claim on one of them. The entries of committed transactions are
 * remembered as stored, the most recently named first, up to a bound, so the hospital's
 * Organization and a mother's Patient, named by transaction after transaction, do not make them
 * take turns.
 *
 * <p>Only this node's transactions take turns, and only to create: a conflict with another node,
 * or two transactions updating a resource already stored at once, is still refused by the server
 * and retried.
 */
final class WriteClaims {

  /** About 13 MB of ids (some 130 bytes each): about two minutes of an M backfill, and every id named often. */
  static final int REMEMBERED = 100_000;

  private final Set<String> claimed = new HashSet<>();
  private final Map<String, Boolean> stored;

  WriteClaims() {
    this(REMEMBERED);
  }

  WriteClaims(int remembered) {
    this.stored = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > remembered;
      }
    };
  }

  /**
   * Claims those of {@code ids} not seen stored, waiting while a transaction in flight holds
   * one of them; all at once, so two transactions never hold part of each other's claims.
   *
   * @return the ids claimed, to give back to {@link #release} once the transaction is over
   */
  synchronized List<String> claim(Collection<String> ids) throws InterruptedException {
    List<String> wanted = new ArrayList<>();
    for (String id : ids) {
      if (stored.get(id) == null) {
        wanted.add(id);
      }
    }
    while (anyClaimed(wanted)) {
      wait();
      // The transaction waited for may have stored the ids it held.
      wanted.removeIf(stored::containsKey);
    }
    claimed.addAll(wanted);
    return wanted;
  }

  /** Gives back the claims of a transaction; {@code storedIds} are stored now (none if it failed). */
  synchronized void release(List<String> claims, Collection<String> storedIds) {
    claims.forEach(claimed::remove);
    for (String id : storedIds) {
      stored.put(id, Boolean.TRUE);
    }
    notifyAll();
  }

  synchronized int remembered() {
    return stored.size();
  }

  private boolean anyClaimed(List<String> ids) {
    for (String id : ids) {
      if (claimed.contains(id)) {
        return true;
      }
    }
    return false;
  }
}
