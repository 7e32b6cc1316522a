package cn.mch.bench;

import cn.mch.ingest.PhaseTimes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's figures as one Markdown document: printed, and written to docs/benchmarks.md. */
final class Report {

  private final Benchmark.Options options;
  private final List<String> figures = new ArrayList<>();
  private final List<String> passes = new ArrayList<>();
  private final List<String> writes = new ArrayList<>();
  private final Map<String, Map<String, Queries.Timing>> queries = new LinkedHashMap<>();
  private final Map<String, Map<String, double[]>> querySql = new LinkedHashMap<>();
  private final List<String> machine = new ArrayList<>();
  private double ourRate;
  private double copyRate;
  private final List<String[]> baselines = new ArrayList<>();
  private MachineSpeed.Probe speedAtStart;
  private MachineSpeed.Probe speedAtEnd;

  /** The header line of {@link MachineSpeed}'s figures, up to the figures. */
  static final String MACHINE_SPEED = "- Machine speed";

  Report(Benchmark.Options options) {
    this.options = options;
  }

  void figure(String name, double value, String unit) {
    String line = "| " + name + " | " + format(value) + (unit.isEmpty() ? "" : " " + unit) + " |";
    figures.add(line);
    Benchmark.say(name + ": " + format(value) + " " + unit);
  }

  void pass(String name, PhaseTimes times, long ingestNanos, long allNanos, long newResources, long newVersions) {
    double ingest = ingestNanos / 1e9;
    double all = allNanos / 1e9;
    double rate = times.resources() / ingest;
    if (passes.isEmpty()) {
      ourRate = newResources / all;
      String validation = options.validateIngest()
          ? "server validation of every write" : "mappings' output not validated again by the server (ingest key)";
      writes.add("| Platform: sources → committed FHIR (SQL adapters, mapping, " + validation + ", linkage) | "
          + format(newResources) + " | " + format(all) + " s | " + format(ourRate) + " | 1.00 |");
    }
    String line = "| " + name + " | " + format(times.rows()) + " | " + format(ingest) + " s | " + format(all) + " s | "
        + format(rate) + " | " + format(times.rows() / ingest) + " | " + format(newResources) + " | " + format(newVersions) + " |";
    passes.add(line);
    Benchmark.say(line);
  }

  void phases(PhaseTimes times) {
    Map<PhaseTimes.Phase, Long> millis = times.millis();
    long total = millis.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder b = new StringBuilder();
    millis.forEach((phase, ms) -> b.append(phase.name().toLowerCase(Locale.ROOT)).append(' ')
        .append(format(ms / 1000.0)).append(" s (").append(Math.round(100.0 * ms / Math.max(1, total))).append("%), "));
    figure("Route time per phase, summed over the routes running side by side: " + b.substring(0, b.length() - 2), total / 1000.0, "s");
  }

  void heapByQuarter(long[] afterGc, long[] liveFloor, long[] live) {
    String a = quarters(afterGc);
    String f = quarters(liveFloor);
    String l = quarters(live);
    figures.add("| Live heap (in use after a full collection, one every " + HeapWatch.LIVE_EVERY
        + " s), smallest in each quarter of the ingest | " + f + " MiB |");
    figures.add("| Live heap, largest in each quarter (transactions in flight included) | " + l + " MiB |");
    figures.add("| Heap in use after any collection (old garbage included), largest in each quarter | " + a + " MiB |");
    Benchmark.say("Live heap by quarter, smallest: " + f + " MiB; largest: " + l + " MiB; heap after any GC by quarter: " + a + " MiB");
  }

  /**
   * CPU milliseconds per stored resource, all processes on the machine (everything on it works
   * for the writes being watched), and the share of the JVM's own threads (JIT, GC) in it.
   */
  void cpuPerResource(String who, CpuWatch cpu, long resources) {
    double machine = cpu.machineSeconds();
    if (machine < 0 || resources == 0) {
      return;
    }
    double internal = cpu.internalGroups().values().stream().mapToDouble(Double::doubleValue).sum();
    figure("CPU per stored resource: " + who + "; of it the JVM's own threads (JIT, GC) "
        + format(internal * 1000 / resources) + " ms", machine * 1000 / resources, "ms");
  }

  /** Where the CPU went during the first pass (see {@link CpuWatch}). */
  void cpu(CpuWatch cpu) {
    double machine = cpu.machineSeconds();
    double jvm = cpu.jvmSeconds();
    figure("CPU the cores could give during the first pass (" + Runtime.getRuntime().availableProcessors()
        + " cores × " + format(cpu.seconds()) + " s)", cpu.availableSeconds(), "s");
    if (machine >= 0) {
      figure("CPU used, all processes on the machine", machine, "s");
      figure("CPU used outside this JVM (PostgreSQL, the OS)", machine - jvm, "s");
    }
    figure("CPU used by this JVM (FHIR server, ingest, linkage; garbage collection and JIT included)", jvm, "s");
    figure("CPU used by the JVM itself, not its Java threads (garbage collection, JIT)", jvm - cpu.javaThreadSeconds(), "s");
    StringBuilder groups = new StringBuilder();
    cpu.topGroups(8).forEach((group, seconds) ->
        groups.append(groups.length() == 0 ? "" : ", ").append('`').append(group).append("` ").append(format(seconds)).append(" s"));
    StringBuilder internal = new StringBuilder();
    cpu.internalGroups().forEach((group, seconds) -> internal.append(internal.length() == 0 ? "" : ", ")
        .append('`').append(group).append("` ").append(format(seconds)).append(" s"));
    if (internal.length() > 0) {
      figures.add("| CPU of the JVM's own threads (garbage collection, JIT compilers), by name | " + internal + " |");
      Benchmark.say("CPU of the JVM's own threads: " + internal);
    }
    figures.add("| CPU of the Java threads by pool (digits in names as #), largest first | " + groups + " |");
    Benchmark.say("CPU by thread pool: " + groups);
  }

  private static String quarters(long[] bytes) {
    StringBuilder b = new StringBuilder();
    for (long q : bytes) {
      b.append(b.length() == 0 ? "" : " / ").append(q == 0 ? "–" : format(q / 1048576.0));
    }
    return b.toString();
  }

  void baseline(String name, BaselineWriter.Result r) {
    baselines.add(new String[] {name, format(r.written()), format(r.seconds()), format(r.rate())});
    Benchmark.say(name + ": " + r.written() + " written, " + r.refused() + " refused in " + format(r.seconds())
        + " s = " + format(r.rate()) + "/s" + (r.firstRefusal() == null ? "" : "; first refusal " + r.firstRefusal()));
    if (r.refused() > 0) {
      figures.add("| " + name + ": resources the server refused | " + format(r.refused()) + " |");
    }
  }

  void ceiling(int resources, double seconds) {
    copyRate = resources / seconds;
    writes.add("| Ceiling: the same JSON by COPY into one table (no FHIR server) | " + format(resources) + " | "
        + format(seconds) + " s | " + format(copyRate) + " | " + ratio(ourRate, copyRate) + " |");
    Benchmark.say("COPY: " + resources + " in " + format(seconds) + " s");
  }

  /** SQL statements a server's database ran, and their execution time, per request of a query. */
  void querySql(String name, String server, double statements, double millis, double readMillis) {
    querySql.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(server, new double[] {statements, millis, readMillis});
  }

  void query(String name, String server, Queries.Timing timing) {
    queries.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(server, timing);
    Benchmark.say(server + " " + name + ": p50 " + format(timing.p50()) + " p95 " + format(timing.p95()) + " p99 "
        + format(timing.p99()) + " ms" + (timing.failures() > 0 ? ", " + timing.failures() + " not 200" : ""));
  }

  /** {@link MachineSpeed} before the run and after it; the machine's header gives both. */
  void machineSpeed(MachineSpeed.Probe atStart, MachineSpeed.Probe atEnd) {
    this.speedAtStart = atStart;
    this.speedAtEnd = atEnd;
    Benchmark.say("Machine speed: " + atStart.seconds() + " s per round at the start, " + atEnd.seconds() + " at the end");
  }

  void machine(String postgresVersion) throws IOException {
    machine.add("- Date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    machine.add("- CPU: " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores available to the JVM");
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    machine.add("- Memory: " + format(memory / 1073741824.0) + " GiB; JVM max heap "
        + format(Runtime.getRuntime().maxMemory() / 1048576.0) + " MiB; Java " + System.getProperty("java.version"));
    if (speedAtStart != null) {
      machine.add(MACHINE_SPEED + " (a fixed CPU task on each of the " + speedAtStart.threads() + " cores at once in a new JVM with "
          + String.join(" ", MachineSpeed.JVM_OPTIONS) + ", median of "
          + MachineSpeed.TIMED_ROUNDS + " rounds after " + MachineSpeed.UNTIMED_ROUNDS
          + " untimed, seconds per round; lower is faster; compare runs by it): " + speedAtStart.seconds()
          + " at the start, " + speedAtEnd.seconds() + " at the end");
    }
    machine.add("- PostgreSQL " + postgresVersion + " (embedded, zonky binaries), one server for sources, platform and baselines");
    if (!options.postgresSettings().isEmpty()) {
      machine.add("- PostgreSQL settings given to the benchmark: " + options.postgresSettings().entrySet().stream()
          .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").collect(java.util.stream.Collectors.joining(", ")));
    }
    String population = options.size().endsWith(" mothers") ? options.size() : options.size() + " (" + options.women() + " mothers)";
    machine.add("- Population: " + population + ", fault rate " + options.faultRate());
  }

  String render() {
    StringBuilder b = new StringBuilder();
    b.append("# Benchmark: sources to committed FHIR, against HAPI as people run it\n\n");
    b.append("Written by `java -jar benchmark/target/mch-benchmark.jar` (see the README); one run.\n\n");
    machine.forEach(m -> b.append(m).append('\n'));
    b.append("\n## Writes\n\n| Writer | Resources | Time | Resources/s | Platform ÷ this |\n|---|---:|---:|---:|---:|\n");
    b.append(writes.get(0)).append('\n');
    for (String[] base : baselines) {
      double rate = Double.parseDouble(base[3].replace(",", ""));
      b.append("| ").append(base[0]).append(" | ").append(base[1]).append(" | ").append(base[2]).append(" s | ")
          .append(base[3]).append(" | ").append(ratio(ourRate, rate)).append(" |\n");
    }
    writes.stream().skip(1).forEach(w -> b.append(w).append('\n'));
    b.append("\n## Passes over the sources\n\n| Pass | Source rows | Last source commit | All committed (linkage too) "
        + "| Resources/s in transactions | Rows/s | New resources | New versions |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    passes.forEach(p -> b.append(p).append('\n'));
    b.append("\n## Figures\n\n| Figure | Value |\n|---|---:|\n");
    figures.forEach(f -> b.append(f).append('\n'));
    b.append(renderQueries());
    return b.toString();
  }

  /** The query table with its heading. */
  String renderQueries() {
    StringBuilder b = new StringBuilder();
    b.append("\n## Queries (ms, ").append(options.runs()).append(" timed runs each after ").append(options.warmup())
        .append(" untimed, on both servers at once taking turns call by call, parameters drawn from the data, "
            + "`Cache-Control: ").append(options.cacheControl()).append("`")
        .append(options.prewarm() ? "; both stores read into the OS page cache after a checkpoint, before the first query" : "")
        .append(")\n\n")
        .append("| Query | Platform p50 | p95 | p99 | SQL statements, ms per request (of it reading blocks from outside"
            + " the shared buffers) | Default HAPI p50 | p95 | p99 | SQL statements, ms per request (reading) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    queries.forEach((name, by) -> {
      b.append("| ").append(name);
      for (String server : List.of("platform", "default")) {
        Queries.Timing t = by.get(server);
        double[] sql = querySql.getOrDefault(name, Map.of()).get(server);
        if (t == null) {
          b.append(" | – | – | – | –");
        } else {
          String failed = t.failures() > 0 ? " (" + t.failures() + " failed)" : "";
          b.append(" | ").append(format(t.p50())).append(failed).append(" | ").append(format(t.p95())).append(" | ")
              .append(format(t.p99())).append(" | ")
              .append(sql == null ? "–" : format(sql[0]) + ", " + format(sql[1]) + " ms (" + format(sql[2]) + " reading)");
        }
      }
      b.append(" |\n");
    });
    return b.toString();
  }

  private static String ratio(double ours, double theirs) {
    return theirs <= 0 ? "–" : String.format(Locale.ROOT, "%.2f", ours / theirs);
  }

  static String format(double value) {
    if (Math.abs(value - Math.rint(value)) < 1e-9 && Math.abs(value) >= 1000) {
      return String.format(Locale.ROOT, "%,d", (long) value);
    }
    return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String cpu() throws IOException {
    Path info = Path.of("/proc/cpuinfo");
    if (Files.exists(info)) {
      for (String line : Files.readAllLines(info)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    }
    return System.getProperty("os.arch");
  }
}
