package cn.mch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.ingest.PhaseTimes;

import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void figuresAreGroupedWholeNumbersOrTwoDecimalsBelowAHundred() {
    assertEquals("49,735", Report.format(49_735));
    assertEquals("1,470", Report.format(1_469.6));
    assertEquals("172", Report.format(172.4));
    assertEquals("4.92", Report.format(4.9183));
    assertEquals("0.00", Report.format(0));
  }

  @Test
  void aQueryRowGivesEachServersTimesAndItsSqlStatementsTimeAndReadTimePerRequest() {
    Report report = new Report(Benchmark.Options.parse(new String[0]));
    report.pass("First pass (empty store)", new PhaseTimes(), 1_000_000_000L, 1_000_000_000L, 10, 10);
    report.query("Patient by resident ID (token)", "platform", new Queries.Timing(18.2, 41.8, 60.0, 0, 200));
    report.query("Patient by resident ID (token)", "default", new Queries.Timing(13.0, 28.4, 40.0, 0, 200));
    report.querySql("Patient by resident ID (token)", "platform", 5.5, 2.25, 1.25);
    report.querySql("Patient by resident ID (token)", "default", 3.0, 1.5, 0);
    report.query("Patient/$lifelong-record of a mother", "platform", new Queries.Timing(100, 202, 250, 1, 200));

    String rendered = report.render();

    assertTrue(rendered.contains(
        "| Patient by resident ID (token) | 18.20 | 41.80 | 60.00 | 5.50, 2.25 ms (1.25 reading) | 13.00 | 28.40 | 40.00 | 3.00, 1.50 ms (0.00 reading) |"), rendered);
    assertTrue(rendered.contains(
        "| Patient/$lifelong-record of a mother | 100 (1 failed) | 202 | 250 | – | – | – | – | – |"), rendered);
  }
}
