package cn.mch.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatermarkTest {

  private static final Instant T = Instant.parse("2024-03-01T01:00:00Z");

  @Test
  void laterStampWins() {
    Watermark early = new Watermark(T, "z");
    Watermark late = new Watermark(T.plusSeconds(1), "a");
    assertEquals(late, early.max(late));
    assertEquals(late, late.max(early));
  }

  @Test
  void sameStampIsOrderedByKey() {
    Watermark a = new Watermark(T, "A0000001-02");
    Watermark b = new Watermark(T, "A0000001-10");
    assertEquals(b, a.max(b));
    assertEquals(b, b.max(a));
  }
}
