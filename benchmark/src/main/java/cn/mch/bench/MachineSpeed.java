package cn.mch.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast the machine is right now: a fixed piece of CPU work (sorting pseudo-random numbers,
 * filling a hash map with strings), one copy on each core at once, timed in rounds. The same work
 * every time, so two runs, or the start and the end of one run, can be compared by it. On this
 * machine the same benchmark took a third longer at some hours than at others, and the guest's
 * {@code /proc/stat} shows no steal time, so nothing else in a report tells a slower machine from
 * slower code.
 */
final class MachineSpeed {

  static final int UNTIMED_ROUNDS = 3;
  static final int TIMED_ROUNDS = 5;
  private static final int NUMBERS = 1 << 21;
  private static final int KEYS = 1 << 18;

  /** The median seconds a round took on {@code threads} threads at once. */
  record Probe(double secondsPerRound, int threads) {}

  private MachineSpeed() {}

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
    double took = (System.nanoTime() - start) / 1e9;
    if (sink.get() == 42) {
      System.out.print(""); // keeps the result alive for the JIT; never true in practice
    }
    return took;
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
