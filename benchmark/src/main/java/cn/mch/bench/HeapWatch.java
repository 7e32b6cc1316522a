package cn.mch.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's heap during a phase: the peak of heap in use (sampled every 100 ms) and the heap
 * still in use after each garbage collection, which is what grows if something keeps data.
 */
final class HeapWatch implements AutoCloseable {

  /** Heap in use after a collection, at a moment since the watch started. */
  record AfterGc(long atNanos, long usedBytes) {}

  private final long started = System.nanoTime();
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
  }

  long peakBytes() {
    return peak;
  }

  /**
   * The largest heap-after-collection in each quarter of {@code nanos} since the start: flat
   * figures mean the heap does not grow with the data.
   */
  long[] afterGcByQuarter(long nanos) {
    long[] quarters = new long[4];
    synchronized (afterGc) {
      for (AfterGc gc : afterGc) {
        int q = (int) Math.min(3, gc.atNanos() * 4 / Math.max(1, nanos));
        quarters[q] = Math.max(quarters[q], gc.usedBytes());
      }
    }
    return quarters;
  }

  @Override
  public void close() throws Exception {
    sampler.interrupt();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).removeNotificationListener(listener);
    }
  }
}
