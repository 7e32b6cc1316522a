package cn.mch.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongBinaryOperator;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's heap during a phase: the peak of heap in use (sampled every 100 ms), and the live heap:
 * heap in use right after a full collection, which the watch asks for every {@link #LIVE_EVERY}
 * seconds ({@code System.gc()}; about a second each on 2 cores). The live heap is what grows if
 * something keeps data; heap after an ordinary (young) collection also counts old garbage not
 * collected yet, and it rose or stayed flat from run to run with the same code.
 */
final class HeapWatch implements AutoCloseable {

  /** Heap in use after a collection, at a moment since the watch started. */
  record AfterGc(long atNanos, long usedBytes) {}

  static final int LIVE_EVERY = 30;

  private final long started = System.nanoTime();
  private final List<AfterGc> live = new ArrayList<>();
  private final Thread liveSampler;
  private final List<AfterGc> afterGc = new ArrayList<>();
  private final Thread sampler;
  private final NotificationListener listener;
  private volatile long peak;

  HeapWatch() {
    listener = (notification, handback) -> {
      if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
        synchronized (afterGc) {
          afterGc.add(new AfterGc(System.nanoTime() - started, used));
        }
      }
    };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
    sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-watch");
    sampler.setDaemon(true);
    sampler.start();
    liveSampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(LIVE_EVERY * 1000L);
        } catch (InterruptedException e) {
          return;
        }
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        synchronized (live) {
          live.add(new AfterGc(System.nanoTime() - started, used));
        }
      }
    }, "heap-watch-live");
    liveSampler.setDaemon(true);
    liveSampler.start();
  }

  long peakBytes() {
    return peak;
  }

  /**
   * The largest heap-after-collection in each quarter of {@code nanos} since the start: flat
   * figures mean the heap does not grow with the data.
   */
  long[] afterGcByQuarter(long nanos) {
    synchronized (afterGc) {
      return largestByQuarter(afterGc, nanos);
    }
  }

  /**
   * The smallest live heap (after a full collection) in each quarter of {@code nanos} since the
   * start: what stays when no transaction happens to be in flight, so it rises if something keeps
   * data. 0 for a quarter without a sample (a phase shorter than four of them).
   */
  long[] liveFloorByQuarter(long nanos) {
    synchronized (live) {
      return byQuarter(live, nanos, Math::min);
    }
  }

  /** The largest live heap in each quarter: the floor plus whatever was in flight at the time. */
  long[] liveByQuarter(long nanos) {
    synchronized (live) {
      return largestByQuarter(live, nanos);
    }
  }

  static long[] largestByQuarter(List<AfterGc> samples, long nanos) {
    return byQuarter(samples, nanos, Math::max);
  }

  static long[] byQuarter(List<AfterGc> samples, long nanos, LongBinaryOperator pick) {
    long[] quarters = new long[4];
    for (AfterGc gc : samples) {
      if (gc.atNanos() <= nanos) {
        int q = (int) Math.min(3, gc.atNanos() * 4 / Math.max(1, nanos));
        quarters[q] = quarters[q] == 0 ? gc.usedBytes() : pick.applyAsLong(quarters[q], gc.usedBytes());
      }
    }
    return quarters;
  }

  @Override
  public void close() throws Exception {
    sampler.interrupt();
    liveSampler.interrupt();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).removeNotificationListener(listener);
    }
  }
}
