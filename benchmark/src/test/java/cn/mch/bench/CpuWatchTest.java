package cn.mch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuWatchTest {

  @Test
  void busyTicksCountUserNiceSystemIrqSoftirqStealButNotIdleOrIowait() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    assertEquals(1 + 2 + 3 + 6 + 7 + 8, CpuWatch.busyTicks("cpu  1 2 3 400 500 6 7 8 0 0"));
    assertThrows(IllegalArgumentException.class, () -> CpuWatch.busyTicks("cpu0 1 2 3 4 5 6 7 8"));
  }

  @Test
  void threadTicksAreUserPlusSystemEvenWithSpacesAndParenthesesInTheName() {
    String stat = "4242 (C2 Compiler(x) 1) S 1 4200 4200 0 -1 4194368 100 0 0 0 1234 56 0 0 20 0 30 0 100 0 0";
    assertEquals(1234 + 56, CpuWatch.threadTicks(stat));
  }

  @Test
  void threadsOfOnePoolFallInOneGroup() {
    assertEquals("http-nio-#-exec-#", CpuWatch.group("http-nio-8080-exec-12"));
    assertEquals(CpuWatch.group("person-linkage-1"), CpuWatch.group("person-linkage-2"));
  }

  @Test
  void aThreadThatWorksIsCountedInItsGroup() throws Exception {
    CpuWatch watch = new CpuWatch();
    Thread busy = new Thread(() -> {
      long until = System.nanoTime() + 2_500_000_000L;
      double x = 0;
      while (System.nanoTime() < until) {
        x += Math.sqrt(x + 1);
      }
      if (x < 0) {
        throw new AssertionError();
      }
    }, "spin-7");
    busy.start();
    // Stopped while the thread is alive: a thread that ends between two samples loses its last second.
    Thread.sleep(1_500);
    watch.stop();
    busy.join();
    double spin = watch.topGroups(50).getOrDefault("spin-#", 0.0);
    assertTrue(spin > 0.2, "spin-# used " + spin + " s");
    assertTrue(watch.jvmSeconds() >= spin, "the JVM used at least what its thread did");
    if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/task"))) {
      assertTrue(watch.internalGroups().keySet().stream().anyMatch(g -> g.startsWith("VM Thread")),
          "the JVM's own threads are found: " + watch.internalGroups());
    }
  }
}
