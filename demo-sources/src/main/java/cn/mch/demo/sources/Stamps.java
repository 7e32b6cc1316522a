package cn.mch.demo.sources;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/** Change stamps of source rows: entered on the day of the event, during working hours. */
final class Stamps {

  static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private final SplittableRandom random;

  Stamps(SplittableRandom random) {
    this.random = random;
  }

  /** Local time during the working day of {@code date}. */
  LocalDateTime local(LocalDate date) {
    return date.atTime(8 + random.nextInt(10), random.nextInt(60), random.nextInt(60));
  }

  /** The same as an instant, for {@code timestamptz} columns. */
  OffsetDateTime instant(LocalDate date) {
    return local(date).atOffset(CHINA);
  }
}
