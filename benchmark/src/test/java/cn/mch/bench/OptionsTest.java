package cn.mch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void postgresSettingsAreCollectedByName() {
    assertEquals(Map.of(), Benchmark.Options.parse(new String[0]).postgresSettings());
    assertEquals(Map.of("shared_buffers", "4GB", "max_wal_size", "8GB"), Benchmark.Options.parse(new String[] {
        "--postgres-setting", "shared_buffers=1GB", "--postgres-setting", "max_wal_size=8GB",
        "--postgres-setting", "shared_buffers=4GB"}).postgresSettings());
  }

  @Test
  void aPostgresSettingThatIsNotAPlainNameAndValueIsRefused() {
    for (String bad : new String[] {"shared_buffers", "=4GB", "shared_buffers=4GB'; drop database fhir; --",
        "Shared-Buffers=4GB", "work_mem="}) {
      assertThrows(IllegalArgumentException.class,
          () -> Benchmark.Options.parse(new String[] {"--postgres-setting", bad}), bad);
    }
  }

  @Test
  void aSettingTheEmbeddedServerIsGivenOnItsCommandLineIsRefused() {
    // ALTER SYSTEM would not change them: the benchmark would run with the durable settings anyway.
    for (String fixed : new String[] {"fsync=off", "synchronous_commit=off"}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> Benchmark.Options.parse(new String[] {"--postgres-setting", fixed}), fixed);
      assertTrue(refused.getMessage().contains("command line"), refused.getMessage());
    }
  }

  @Test
  void bothStoresArePrewarmedBeforeTheQueriesUnlessToldNot() {
    assertTrue(Benchmark.Options.parse(new String[0]).prewarm());
    assertFalse(Benchmark.Options.parse(new String[] {"--size", "S", "--no-prewarm"}).prewarm());
  }

  @Test
  void repeatIsOneRunUnlessGivenAndNeverWithQueriesAgain() {
    assertEquals(1, Benchmark.Options.parse(new String[0]).repeat());
    assertEquals(3, Benchmark.Options.parse(new String[] {"--repeat", "3", "--size", "S"}).repeat());
    assertThrows(IllegalArgumentException.class, () -> Benchmark.Options.parse(new String[] {"--repeat", "0"}));
    assertThrows(IllegalArgumentException.class,
        () -> Benchmark.Options.parse(new String[] {"--repeat", "3", "--queries-again", "/tmp/run"}));
  }

  @Test
  void theReportGoesToDocsUnlessAnOutIsGiven() {
    Benchmark.Options defaults = Benchmark.Options.parse(new String[0]);
    assertEquals(java.nio.file.Path.of("docs/benchmarks.md"), defaults.out());
    assertEquals(false, defaults.outGiven());
    assertEquals(true, Benchmark.Options.parse(new String[] {"--out", "/tmp/x.md"}).outGiven());
  }
}
