package cn.mch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.ingest.PhaseTimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MedianReportTest {

  /** One run's report as the benchmark renders it, with the figures that vary between runs given. */
  private static String run(double firstPassSeconds, double bundleSeconds, double p95, String pools) throws Exception {
    Report report = new Report(Benchmark.Options.parse(new String[0]));
    report.pass("First pass (empty store)", new PhaseTimes(), (long) (firstPassSeconds * 1e9),
        (long) (firstPassSeconds * 1e9), 520_576, 529_778);
    report.pass("Second pass (same sources)", new PhaseTimes(), 200_000_000_000L, 200_000_000_000L, 0, 0);
    report.baseline("Default HAPI, transaction Bundles of 400 PUTs, 4 writers",
        new BaselineWriter.Result(520_576, 0, bundleSeconds, null));
    report.figure("Peak heap in use (FHIR server and ingest, one JVM)", 3_000 + firstPassSeconds, "MiB");
    report.heapByQuarter(new long[] {900L << 20, 900L << 20, 900L << 20, 800L << 20},
        new long[] {(long) firstPassSeconds << 20, 474L << 20, 425L << 20, 393L << 20},
        new long[] {485L << 20, 488L << 20, 473L << 20, 423L << 20});
    report.figure("CPU of the Java threads by pool (largest first): " + pools, 1, "");
    report.query("Patient by resident ID (token)", "platform", new Queries.Timing(11.5, p95, 41.8, 0, 200));
    report.query("Patient by resident ID (token)", "default", new Queries.Timing(10.5, 17.9, 39.6, 0, 200));
    report.ceiling(520_576, 11.5);
    report.machine("17.5");
    return report.render();
  }

  @Test
  void eachFigureIsTheMedianOfTheRunsAndRatiosAreMediansOfEachRunsOwnRatio() throws Exception {
    String combined = MedianReport.combine(List.of(
        run(783, 638, 19.74, "a, b"), run(700, 700, 30.00, "a, b"), run(800, 600, 18.00, "b, a")));

    // Platform: 520,576 resources in 783 / 700 / 800 s: median 783 s, 665 per second.
    assertTrue(combined.contains("| First pass (empty store) | 0.00 | 783 s | 783 s |"), combined);
    assertTrue(combined.contains("| Platform: sources → committed FHIR"), combined);
    assertTrue(combined.contains("| 520,576 | 783 s | 665 |"), combined);
    // Bundles: median 638 s, 816/s; the runs' own ratios 665/816, 744/744, 651/868 = 0.81, 1.00, 0.75.
    assertTrue(combined.contains("| Default HAPI, transaction Bundles of 400 PUTs, 4 writers | 520,576 | 638 s | 816 | 0.81 |"),
        combined);
    assertTrue(combined.contains("| Patient by resident ID (token) | 11.50 | 19.74 | 41.80 | – | 10.50 | 17.90 | 39.60 | – |"),
        combined);
    // Numbers inside a row are matched one by one: the quarters' medians.
    assertTrue(combined.contains("smallest in each quarter of the ingest | 783 / 474 / 425 / 393 MiB |"), combined);
    assertTrue(combined.contains("| Peak heap in use (FHIR server and ingest, one JVM) | 3,783 MiB |"), combined);
    // Rows whose words differ between runs are the first run's, and say so.
    assertTrue(combined.contains("largest first): a, b | 1.00 *(first run only: the runs differ here)* |"), combined);
    assertTrue(combined.contains("figures are medians of 3 runs"), combined);
    assertFalse(combined.contains("; one run."), combined);
    // The runs' own figures stay visible.
    assertTrue(combined.contains("| 1 | "), combined);
    assertTrue(combined.contains(" | 700 s | 744 | – | 1.00 | 200 s | 0.00, 0.00 |"), combined);
  }

  @Test
  void aListInAnotherOrderInEachRunIsMatchedItemByItem() {
    String row = "| CPU of the Java threads by pool (digits in names as #), largest first | %s |";
    String combined = MedianReport.combine(List.of(
        String.format(row, "`http-nio-auto-#-exec-#` 704 s, `person-linkage-#` 128 s, `timer://a` 9.78 s"),
        String.format(row, "`http-nio-auto-#-exec-#` 690 s, `timer://a` 200 s, `person-linkage-#` 120 s"),
        String.format(row, "`http-nio-auto-#-exec-#` 720 s, `person-linkage-#` 150 s, `timer://a` 8.00 s"),
        String.format(row, "`http-nio-auto-#-exec-#` 710 s, `person-linkage-#` 130 s, `timer://b` 8.00 s")
            .replace("`timer://b` 8.00 s", "`timer://a` 7.00 s")));

    assertTrue(combined.startsWith(String.format(row,
        "`http-nio-auto-#-exec-#` 707 s, `person-linkage-#` 129 s, `timer://a` 8.89 s")), combined);

    // Figures before the list are medians too, whatever their width in each run.
    String headed = "| Pools; of it %s ms | %s |";
    String withHead = MedianReport.combine(List.of(
        String.format(headed, "0.36", "`a` 1.00 s, `b` 2.00 s"),
        String.format(headed, "10.50", "`b` 4.00 s, `a` 3.00 s"),
        String.format(headed, "0.40", "`a` 5.00 s, `b` 6.00 s")));
    assertTrue(withHead.startsWith(String.format(headed, "0.40", "`a` 3.00 s, `b` 4.00 s")), withHead);

    String differentPools = MedianReport.combine(List.of(
        String.format(row, "`a` 1.00 s, `b` 2.00 s"), String.format(row, "`a` 1.00 s, `c` 2.00 s")));
    assertTrue(differentPools.startsWith(String.format(row, "`a` 1.00 s, `b` 2.00 s *(first run only: the runs differ here)*")),
        differentPools);
  }

  @Test
  void theMachineSpeedOfEachRunIsListedNotCombined() throws Exception {
    List<String> runs = new java.util.ArrayList<>();
    for (double[] speed : new double[][] {{0.412, 0.430}, {0.55, 0.6}, {0.401, 0.399}}) {
      Report report = new Report(Benchmark.Options.parse(new String[0]));
      report.pass("First pass (empty store)", new PhaseTimes(), 1_000_000_000L, 1_000_000_000L, 10, 10);
      report.machineSpeed(new MachineSpeed.Probe(speed[0], 2), new MachineSpeed.Probe(speed[1], 2));
      report.machine("17.5");
      runs.add(report.render());
    }

    String combined = MedianReport.combine(runs);

    assertTrue(combined.contains("(a fixed CPU task on each of the 2 cores at once in a new JVM with -Xms1g -Xmx1g, median of 5 rounds after 3 untimed,"
        + " seconds per round; lower is faster; compare runs by it): at the start / at the end, by run:"
        + " 0.412 / 0.430, 0.550 / 0.600, 0.401 / 0.399\n"), combined);
  }

  @Test
  void anEvenNumberOfRunsTakesTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, MedianReport.median(new double[] {4, 1, 2, 3}));
    assertEquals(3, MedianReport.median(new double[] {5, 3, 1}));
    assertEquals("787", MedianReport.formatLike("783", 786.5));
    assertEquals("2.5", MedianReport.formatLike("2", 2.5));
    assertEquals("1,470", MedianReport.formatLike("1,469", 1_469.6));
    assertEquals("0.81", MedianReport.formatLike("0.75", 0.8125));
  }

  @Test
  void namesWithDigitsAreNotFigures() {
    assertEquals("| `http-nio-auto-#-exec-#` # s, p95 # ms, $lifelong-record # |",
        MedianReport.template("| `http-nio-auto-#-exec-#` 704 s, p95 19.74 ms, $lifelong-record 1,108 |"));
  }

  @Test
  void nothingToCombineIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> MedianReport.combine(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Benchmark.combine(List.of()));
  }

  @Test
  void reportsKeptInFilesAreCombinedTheSameWay(@TempDir Path runs) throws Exception {
    Path first = Files.writeString(runs.resolve("run-1.md"), run(783, 638, 19.74, "a, b"));
    Path second = Files.writeString(runs.resolve("run-2.md"), run(700, 700, 30.00, "a, b"));

    String combined = Benchmark.combine(List.of(first, second));

    assertEquals(MedianReport.combine(List.of(Files.readString(first), Files.readString(second))), combined);
    // Two runs: the mean of the two, 783 and 700 s.
    assertTrue(combined.contains("figures are medians of 2 runs"), combined);
    assertTrue(combined.contains("| First pass (empty store) | 0.00 | 742 s | 742 s |"), combined);
  }
}
