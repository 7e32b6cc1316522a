package cn.mch.server.person;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LinkageLocksTest {

  @Test
  void anOlderViewMayNotWriteARecordANewerViewWrote() {
    LinkageLocks locks = new LinkageLocks(16);
    long older = locks.begin();
    long newer = locks.begin();
    AtomicInteger writes = new AtomicInteger();

    assertTrue(locks.write(newer, List.of("a", "b"), writes::incrementAndGet));
    assertFalse(locks.write(older, List.of("b", "c"), writes::incrementAndGet), "b was written by a newer view");
    assertTrue(locks.write(older, List.of("c"), writes::incrementAndGet), "nobody newer wrote c");

    assertEquals(2, writes.get());
  }

  @Test
  void aNewerViewMayWriteWhatAnOlderOneWrote() {
    LinkageLocks locks = new LinkageLocks(16);
    long older = locks.begin();
    long newer = locks.begin();

    assertTrue(locks.write(older, List.of("a"), () -> { }));
    assertTrue(locks.write(newer, List.of("a"), () -> { }));
    assertTrue(locks.write(newer, List.of("a"), () -> { }), "a view is never stale against itself");
  }

  @Test
  void whatNoViewInFlightCanBeRefusedForIsForgotten() {
    LinkageLocks locks = new LinkageLocks(16);
    long older = locks.begin();
    long newer = locks.begin();
    locks.write(newer, List.of("a", "b"), () -> { });
    locks.end(newer);

    assertEquals(2, locks.remembered(), "the older view is still in flight");
    assertFalse(locks.write(older, List.of("a"), () -> { }));

    locks.end(older);
    assertEquals(0, locks.remembered());
    long later = locks.begin();
    assertTrue(locks.write(later, List.of("a"), () -> { }));
  }

  @Test
  void writesOfClustersSharingARecordNeverOverlapAndNeverDeadlock() throws Exception {
    LinkageLocks locks = new LinkageLocks(8);
    Set<String> beingWritten = ConcurrentHashMap.newKeySet();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger written = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int seed = t;
      done.add(threads.submit(() -> {
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
          long view = locks.begin();
          for (int i = 0; i < 10; i++) {
            List<String> members = new ArrayList<>();
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
              members.add("p" + random.nextInt(40));
            }
            List<String> distinct = members.stream().distinct().toList();
            locks.write(view, distinct, () -> {
              for (String member : distinct) {
                if (!beingWritten.add(member)) {
                  overlaps.incrementAndGet();
                }
              }
              Thread.yield();
              distinct.forEach(beingWritten::remove);
              written.incrementAndGet();
            });
          }
          locks.end(view);
        }
      }));
    }
    threads.shutdown();
    assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS), "writers finished (no deadlock)");
    for (Future<?> f : done) {
      f.get();
    }

    assertEquals(0, overlaps.get());
    assertTrue(written.get() > 0);
    assertEquals(0, locks.remembered(), "nothing remembered once no view is in flight");
  }
}
