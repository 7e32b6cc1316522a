package cn.mch.demo.population;

import java.time.LocalDate;
import java.util.List;

/**
 * The truth of the synthetic world: every woman, her marriage, pregnancies and children, as they
 * really were up to {@code referenceDate}. Source writers render it into each source system's
 * schema; tests compare what the platform makes of those sources with it.
 */
public record Population(long seed, LocalDate referenceDate, List<Woman> women) {

  /** Size presets: S, M and L mothers. */
  public enum Size {
    S(300),
    M(3_000),
    L(30_000);

    public final int women;

    Size(int women) {
      this.women = women;
    }
  }
}
