package cn.mch.demo.people;

import java.util.random.RandomGenerator;

/** Administrative division codes (first 6 digits of a resident ID) people are registered in. */
public final class Regions {

  /** Districts of Shanghai (31), where the demo platform runs. */
  private static final String[] SHANGHAI = {
    "310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112", "310113",
    "310114", "310115", "310116", "310117", "310118", "310120", "310151"
  };

  /** Neighbouring provinces of the Yangtze River Delta: Jiangsu 32, Zhejiang 33, Anhui 34. */
  private static final String[] DELTA = {
    "320102", "320205", "320506", "320582", "330102", "330106", "330203", "330782", "340102",
    "340104", "340202"
  };

  private Regions() {}

  /** A division of Jiangsu, Zhejiang or Anhui. */
  public static String deltaDivisionCode(RandomGenerator random) {
    return DELTA[random.nextInt(DELTA.length)];
  }

  /** Mostly Shanghai, about one in five from a neighbouring province. */
  public static String divisionCode(RandomGenerator random) {
    return random.nextInt(100) < 80
        ? SHANGHAI[random.nextInt(SHANGHAI.length)]
        : DELTA[random.nextInt(DELTA.length)];
  }
}
