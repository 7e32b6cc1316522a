package cn.mch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueriesTest {

  @Test
  void percentilesAreNearestRank() {
    double[] hundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
    assertEquals(50, Queries.rank(hundred, 0.50));
    assertEquals(95, Queries.rank(hundred, 0.95));
    assertEquals(99, Queries.rank(hundred, 0.99));

    double[] three = {10, 20, 30};
    assertEquals(20, Queries.rank(three, 0.50));
    assertEquals(30, Queries.rank(three, 0.95));
    assertEquals(10, Queries.rank(new double[] {10}, 0.99));
  }
}
