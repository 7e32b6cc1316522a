package cn.mch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast the machine is right now: a fixed piece of CPU work (sorting pseudo-random numbers,
 * filling a hash map with strings), one copy on each core at once, timed in rounds. The same work
 * every time, so two runs, or the start and the end of one run, can be compared by it. On this
 * machine the same benchmark took a third longer at some hours than at others, and the guest's
 * {@code /proc/stat} shows no steal time, so nothing else in a report tells a slower machine from
 * slower code. The benchmark times it in a new JVM each time ({@link #inFreshJvm}): timed inside
 * the benchmark's own JVM it came out a third faster at the end of a run than at its start, with
 * that JVM's heap grown and its JIT warm.
 */
final class MachineSpeed {

  static final int UNTIMED_ROUNDS = 3;
  static final int TIMED_ROUNDS = 5;
  private static final int NUMBERS = 1 << 21;
  private static final int KEYS = 1 << 18;

  /** The median seconds a round took on {@code threads} threads at once. */
  record Probe(double secondsPerRound, int threads) {

    /** The seconds per round as the report and {@code --machine-speed} print them. */
    String seconds() {
      return String.format(Locale.ROOT, "%.3f", secondsPerRound);
    }
  }

  /** The new JVM's options: the same every time, whatever the benchmark's own. */
  static final List<String> JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g");

  private static final Pattern PRINTED = Pattern.compile("Machine speed: (\\d+\\.\\d+) s per round on (\\d+) threads");

  private MachineSpeed() {}

  /** What {@code --machine-speed} prints, and {@link #inFreshJvm} reads back. */
  static String printed(Probe probe) {
    return "Machine speed: " + probe.seconds() + " s per round on " + probe.threads() + " threads (lower is faster)";
  }

  /** The probe in a new JVM with {@link #JVM_OPTIONS} (the benchmark's {@code --machine-speed}). */
  static Probe inFreshJvm() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(Benchmark.launcher(JVM_OPTIONS));
    command.add("--machine-speed");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = process.waitFor();
    Matcher m = PRINTED.matcher(output);
    if (status != 0 || !m.find()) {
      throw new IllegalStateException("The machine-speed probe in a new JVM ended with status " + status + ": " + output);
    }
    return new Probe(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The probe on as many threads as the JVM has cores. */
  static Probe measure() throws InterruptedException {
    return measure(Runtime.getRuntime().availableProcessors(), UNTIMED_ROUNDS, TIMED_ROUNDS);
  }

  static Probe measure(int threads, int untimed, int timed) throws InterruptedException {
    if (threads < 1 || timed < 1) {
      throw new IllegalArgumentException("threads and timed rounds must be 1 or more");
    }
    double[] seconds = new double[timed];
    for (int round = 0; round < untimed + timed; round++) {
      double took = round(threads);
      if (round >= untimed) {
        seconds[round - untimed] = took;
      }
    }
    return new Probe(MedianReport.median(seconds), threads);
  }

  /** One round: {@link #work} on each of {@code threads} threads started together; wall seconds. */
  private static double round(int threads) throws InterruptedException {
    AtomicLong sink = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long seed = t;
      workers.add(new Thread(() -> sink.addAndGet(work(seed)), "machine-speed-" + t));
    }
    long start = System.nanoTime();
    workers.forEach(Thread::start);
    for (Thread worker : workers) {
      worker.join();
    }
    // The checksums go into the shared sink, so the JIT cannot leave the work out.
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * The fixed work of one thread in one round; returns a checksum that depends on all of it (the
   * same for the same seed, so the work is the same every time).
   */
  static long work(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] numbers = new long[NUMBERS];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = random.nextLong();
    }
    Arrays.sort(numbers);
    long checksum = numbers[0] ^ numbers[numbers.length / 2] ^ numbers[numbers.length - 1];
    Map<String, Integer> map = new HashMap<>();
    for (int i = 0; i < KEYS; i++) {
      map.merge("key-" + random.nextInt(KEYS / 2), i, Integer::sum);
    }
    for (Map.Entry<String, Integer> e : map.entrySet()) {
      checksum = checksum * 31 + e.getKey().hashCode() + e.getValue();
    }
    return checksum;
  }
}
