package cn.mch.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cn.mch.bench.HeapWatch.AfterGc;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapWatchTest {

  @Test
  void largestAndSmallestSampleOfEachQuarterAndNoneAfterTheEnd() {
    List<AfterGc> samples = List.of(
        new AfterGc(10, 5), new AfterGc(20, 7),   // first quarter of 100
        new AfterGc(60, 3),                        // third
        new AfterGc(99, 4), new AfterGc(100, 6),   // fourth, the end included
        new AfterGc(130, 50));                     // after the phase: left out

    assertArrayEquals(new long[] {7, 0, 3, 6}, HeapWatch.largestByQuarter(samples, 100));
    assertArrayEquals(new long[] {5, 0, 3, 4}, HeapWatch.byQuarter(samples, 100, Math::min));
  }
}
