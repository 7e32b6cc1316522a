package cn.mch.server.person;

import java.util.Collection;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets several linkage workers write person records side by side without a stale view winning.
 *
 * <p>A worker takes a view stamp ({@link #begin}) before it reads anything, grows clusters from
 * what it read, and writes each cluster ({@link #write}) holding the locks of its members. It may
 * write only if no worker whose view is newer has written any of those members since: otherwise
 * what it read may be out of date (a record that joined or left the cluster after it read), and it
 * must link again from a fresh view. Clusters that share no member are written at the same time.
 * Locks are striped by member id and always taken in stripe order, so two workers never wait on
 * each other in a circle.
 */
final class LinkageLocks {

  private final ReentrantLock[] stripes;
  /** The newest view that wrote each member, kept while an older view is still in flight. */
  private final Map<String, Long> newestWriter = new ConcurrentHashMap<>();
  private final SortedSet<Long> inFlight = new TreeSet<>();
  private long clock;

  LinkageLocks(int stripes) {
    this.stripes = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantLock();
    }
  }

  /** A new view, newer than every view before it; {@link #end} it when its writes are done. */
  synchronized long begin() {
    long view = ++clock;
    inFlight.add(view);
    return view;
  }

  /** Ends {@code view}; what only views older than every one in flight could be refused for is forgotten. */
  synchronized void end(long view) {
    inFlight.remove(view);
    long oldest = inFlight.isEmpty() ? clock : inFlight.first();
    newestWriter.values().removeIf(writer -> writer <= oldest);
  }

  /**
   * Runs {@code write} for the cluster {@code members}, seen in {@code view}, holding their locks,
   * unless a newer view has written any of them; returns whether it ran.
   */
  boolean write(long view, Collection<String> members, Runnable write) {
    return locked(members, () -> {
      for (String member : members) {
        Long writer = newestWriter.get(member);
        if (writer != null && writer > view) {
          return false;
        }
      }
      members.forEach(member -> newestWriter.merge(member, view, Math::max));
      write.run();
      return true;
    });
  }

  /** Members remembered for views still in flight (for tests and figures). */
  int remembered() {
    return newestWriter.size();
  }

  private boolean locked(Collection<String> members, Supplier<Boolean> body) {
    int[] order = members.stream().mapToInt(this::stripe).distinct().sorted().toArray();
    int held = 0;
    try {
      for (int stripe : order) {
        stripes[stripe].lock();
        held++;
      }
      return body.get();
    } finally {
      for (int i = held - 1; i >= 0; i--) {
        stripes[order[i]].unlock();
      }
    }
  }

  private int stripe(String member) {
    return Math.floorMod(member.hashCode(), stripes.length);
  }
}
