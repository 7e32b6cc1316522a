package cn.mch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.ingest.PhaseTimes;
import org.junit.jupiter.api.Test;

class MachineSpeedTest {

  @Test
  void theWorkIsTheSameEveryTimeForTheSameSeed() {
    assertEquals(MachineSpeed.work(0), MachineSpeed.work(0));
    assertNotEquals(MachineSpeed.work(0), MachineSpeed.work(1));
  }

  @Test
  void aProbeGivesTheMedianRoundOnTheThreadsAsked() throws Exception {
    MachineSpeed.Probe probe = MachineSpeed.measure(1, 0, 1);

    assertEquals(1, probe.threads());
    assertTrue(probe.secondsPerRound() > 0, probe.toString());
    assertThrows(IllegalArgumentException.class, () -> MachineSpeed.measure(0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> MachineSpeed.measure(1, 0, 0));
  }

  @Test
  void aProbeInANewJvmIsReadBackFromWhatItPrints() throws Exception {
    MachineSpeed.Probe probe = MachineSpeed.inFreshJvm();

    assertEquals(Runtime.getRuntime().availableProcessors(), probe.threads());
    assertTrue(probe.secondsPerRound() > 0, probe.toString());
    assertEquals("Machine speed: 0.412 s per round on 2 threads (lower is faster)",
        MachineSpeed.printed(new MachineSpeed.Probe(0.4123, 2)));
  }

  @Test
  void theReportGivesBothProbes() throws Exception {
    Report report = new Report(Benchmark.Options.parse(new String[0]));
    report.pass("First pass (empty store)", new PhaseTimes(), 1_000_000_000L, 1_000_000_000L, 10, 10);
    report.machineSpeed(new MachineSpeed.Probe(0.4123, 2), new MachineSpeed.Probe(0.5, 2));
    report.machine("17.5");

    assertTrue(report.render().contains(Report.MACHINE_SPEED + " (a fixed CPU task on each of the 2 cores at once in a new JVM"
        + " with -Xms1g -Xmx1g, median of 5 rounds after 3 untimed, seconds per round; lower is faster; compare runs by it):"
        + " 0.412 at the start, 0.500 at the end\n"), report.render());
  }
}
