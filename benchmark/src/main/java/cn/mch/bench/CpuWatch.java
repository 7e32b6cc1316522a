package cn.mch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the machine's CPU went during a phase: the JVM's threads, grouped by name (digits
 * dropped, so a pool's threads count together), the rest of the JVM (garbage collection, the JIT:
 * not Java threads), and everything outside the JVM (here PostgreSQL, which runs on the same
 * machine). Thread CPU times are sampled every second, so a thread that ends between two samples
 * loses at most its last second; the machine's busy time is read from {@code /proc/stat} (Linux).
 */
final class CpuWatch implements AutoCloseable {

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> lastByThread = new HashMap<>();
  private final Map<Long, String> groupByThread = new HashMap<>();
  private final Map<String, Long> nanosByGroup = new HashMap<>();
  /** JVM threads that are not Java threads, by the name Linux shows. */
  private static final Pattern INTERNAL = Pattern.compile("^(GC Thread|G1 |C1 Compiler|C2 Compiler|VM Thread|VM Periodic).*");

  private final long processStart;
  private final Map<Long, long[]> internalStart;
  private volatile Map<Long, long[]> internalEnd;
  private final long[] machineStart;
  private final long started = System.nanoTime();
  private final Thread sampler;
  private volatile long[] machineEnd;
  private volatile long processEnd;
  private volatile long endedAt;

  CpuWatch() {
    threads.setThreadCpuTimeEnabled(true);
    processStart = processCpuNanos();
    machineStart = machineTicks();
    internalStart = internalTicks();
    sample(true);
    sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        sample(false);
      }
    }, "cpu-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  /**
   * Reads every live thread's CPU time; what a thread used since the last sample (since the watch
   * started, for threads alive at the start) counts for its group.
   */
  private synchronized void sample(boolean baseline) {
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long id = info.getThreadId();
      long cpu = threads.getThreadCpuTime(id);
      if (cpu < 0) {
        continue;
      }
      Long last = lastByThread.put(id, cpu);
      if (baseline) {
        continue;
      }
      String group = groupByThread.computeIfAbsent(id, any -> group(info.getThreadName()));
      nanosByGroup.merge(group, cpu - (last == null ? 0 : last), Long::sum);
    }
  }

  static String group(String threadName) {
    return DIGITS.matcher(threadName).replaceAll("#");
  }

  /** Stops the watch: what it reports is up to now. */
  synchronized void stop() {
    if (endedAt != 0) {
      return;
    }
    sample(false);
    processEnd = processCpuNanos();
    machineEnd = machineTicks();
    internalEnd = internalTicks();
    endedAt = System.nanoTime();
    sampler.interrupt();
  }

  /** Wall time watched, in seconds. */
  double seconds() {
    return (endedAt - started) / 1e9;
  }

  /** CPU seconds the machine's cores could give in the time watched. */
  double availableSeconds() {
    return seconds() * Runtime.getRuntime().availableProcessors();
  }

  /** CPU seconds every process on the machine used (busy time of all cores); -1 off Linux. */
  double machineSeconds() {
    if (machineStart == null || machineEnd == null) {
      return -1;
    }
    return (machineEnd[0] - machineStart[0]) / (double) machineEnd[1];
  }

  /** CPU seconds this JVM used, every thread (garbage collection, JIT) included. */
  double jvmSeconds() {
    return (processEnd - processStart) / 1e9;
  }

  /** CPU seconds of the largest thread groups, largest first, at most {@code top}. */
  synchronized Map<String, Double> topGroups(int top) {
    Map<String, Double> result = new LinkedHashMap<>();
    nanosByGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> result.put(e.getKey(), e.getValue() / 1e9));
    return result;
  }

  /** CPU seconds of all Java threads together. */
  synchronized double javaThreadSeconds() {
    return nanosByGroup.values().stream().mapToLong(Long::longValue).sum() / 1e9;
  }

  /**
   * CPU seconds of the JVM's own threads (garbage collection, JIT compilers, the VM thread), by the
   * name Linux shows for them (digits as #), largest first; empty off Linux.
   */
  Map<String, Double> internalGroups() {
    Map<String, Long> ticks = new HashMap<>();
    if (internalEnd != null) {
      internalEnd.forEach((tid, end) -> {
        long[] start = internalStart.get(tid);
        String group = group(INTERNAL_NAMES.get(tid));
        ticks.merge(group, end[0] - (start == null ? 0 : start[0]), Long::sum);
      });
    }
    Map<String, Double> result = new LinkedHashMap<>();
    ticks.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> result.put(e.getKey(), e.getValue() / 100.0));
    return result;
  }

  private static final Map<Long, String> INTERNAL_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

  /** Busy ticks (user + system) of this process's JVM-internal threads, by Linux thread id. */
  private static Map<Long, long[]> internalTicks() {
    Map<Long, long[]> ticks = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (!INTERNAL.matcher(name).matches()) {
            continue;
          }
          long tid = Long.parseLong(task.getFileName().toString());
          INTERNAL_NAMES.put(tid, name);
          ticks.put(tid, new long[] {threadTicks(stat)});
        } catch (IOException | RuntimeException gone) {
          // The thread ended while being read.
        }
      }
    } catch (IOException | RuntimeException noProc) {
      return Map.of();
    }
    return ticks;
  }

  /** User plus system ticks from a {@code /proc/<pid>/task/<tid>/stat} line. */
  static long threadTicks(String stat) {
    // After the name in parentheses: state is field 3; utime and stime are fields 14 and 15.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /**
   * Busy ticks of all cores (user, nice, system, irq, softirq, steal; not idle or iowait) and ticks
   * per second, or null where there is no {@code /proc/stat}.
   */
  static long[] machineTicks() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      return new long[] {busyTicks(lines.get(0)), 100};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Busy ticks on the {@code cpu} line of {@code /proc/stat}. */
  static long busyTicks(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    if (!f[0].equals("cpu")) {
      throw new IllegalArgumentException("Not the cpu line of /proc/stat: " + f[0]);
    }
    // user nice system idle iowait irq softirq steal ...
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      if (i < f.length) {
        busy += Long.parseLong(f[i]);
      }
    }
    return busy;
  }

  @Override
  public void close() {
    stop();
  }
}
