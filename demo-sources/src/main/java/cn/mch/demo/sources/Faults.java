package cn.mch.demo.sources;

import cn.mch.demo.sql.TableWriter;
import cn.mch.mappings.identity.ResidentId;
import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decides, per source record, whether and how it is dirty, and writes every decision to the truth:
 * faults to reject in {@code rejection}, faults to tolerate in {@code tolerated_fault}.
 */
public final class Faults {

  private final double rate;
  private final long seed;
  private final SplittableRandom random;
  private final TableWriter rejections;
  private final TableWriter tolerated;

  public Faults(double rate, long seed, SplittableRandom random, TableWriter rejections, TableWriter tolerated) {
    this.rate = rate;
    this.seed = seed;
    this.random = random;
    this.rejections = rejections;
    this.tolerated = tolerated;
  }

  /** With probability {@code rate}, one of {@code possible} (uniformly); else {@link Fault#NONE}. */
  public Fault pick(String source, String entity, String key, List<Fault> possible) throws SQLException {
    if (possible.isEmpty() || random.nextDouble() >= rate) {
      return Fault.NONE;
    }
    Fault fault = possible.get(random.nextInt(possible.size()));
    record(source, entity, key, fault);
    return fault;
  }

  /**
   * Whether the record with {@code key} arrives late. Decided by a keyed hash, not the random
   * stream, so the later pass that inserts late rows finds the same ones without replaying it.
   */
  public static boolean isLate(long seed, double rate, String key) {
    long h = seed * 0x9E3779B97F4A7C15L + key.hashCode();
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return Math.floorMod(h, 10_000) < rate * 10_000 / 4;
  }

  public boolean isLate(String key) {
    return isLate(seed, rate, key);
  }

  /** Records a fault decided elsewhere (e.g. a demographic variant). */
  public void record(String source, String entity, String key, Fault fault) throws SQLException {
    if (fault == Fault.NONE) {
      return;
    }
    if (fault.rejectReason != null) {
      rejections.row(source, entity, key, fault.rejectReason);
    } else {
      tolerated.row(source, entity, key, fault.name());
    }
  }

  /** The resident ID as the faulty record holds it. */
  public static String residentId(String valid, Fault fault) {
    if (valid == null) {
      return null;
    }
    return switch (fault) {
      case BAD_CHECK_DIGIT -> {
        char correct = ResidentId.checkCharacter(valid.substring(0, 17));
        yield valid.substring(0, 17) + (correct == '0' ? '1' : '0');
      }
      case ID_15_DIGIT -> valid.substring(0, 6) + valid.substring(8, 17);
      default -> valid;
    };
  }

  /** A 15-digit form exists only for people born in the 1900s. */
  public static boolean has15DigitForm(String residentId) {
    return residentId != null && residentId.startsWith("19", 6);
  }

  /** Whether the random draw of this call says yes, with probability {@code p}. */
  public boolean chance(double p) {
    return random.nextDouble() < p;
  }
}
