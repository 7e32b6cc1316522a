package cn.mch.demo.hospital;

import cn.mch.demo.people.ChineseNameGenerator;
import cn.mch.demo.people.Regions;
import cn.mch.demo.people.ResidentIds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills hospital A with pregnant women and their prenatal visits. Seeded and deterministic: the
 * same seed and size give the same rows, byte for byte.
 *
 * <p>Each woman books between 6 and 20 weeks (a few later) and is then seen every 2 to 4 weeks
 * until about 40 weeks or the data's reference date; some visits miss a measurement, and about one
 * in twelve women develops raised blood pressure in the third trimester.
 */
public final class HospitalAGenerator {

  private static final Logger log = LoggerFactory.getLogger(HospitalAGenerator.class);
  private static final String[] DOCTORS = {"王医生", "李医生", "陈医生", "周医生", "徐医生"};

  private final long seed;
  private final int women;
  private final LocalDate referenceDate;

  /**
   * @param seed the random seed
   * @param women how many pregnant women to create
   * @param referenceDate "today" of the data: no visit lies after it
   */
  public HospitalAGenerator(long seed, int women, LocalDate referenceDate) {
    this.seed = seed;
    this.women = women;
    this.referenceDate = referenceDate;
  }

  /** Inserts everything in one transaction; returns the counts written. */
  public Counts generate(Connection connection) throws SQLException {
    SplittableRandom random = new SplittableRandom(seed);
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    int visits = 0;
    try (PreparedStatement patient =
            connection.prepareStatement(
                "insert into patient (patient_no, full_name, id_card_no, birth_date, sex, mobile,"
                    + " created_at, updated_at) values (?, ?, ?, ?, 'F', ?, ?, ?)");
        PreparedStatement visit =
            connection.prepareStatement(
                "insert into prenatal_visit (visit_no, patient_no, visit_date, gestational_weeks,"
                    + " sbp, dbp, weight_kg, doctor_name, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 1; i <= women; i++) {
        String patientNo = String.format("A%07d", i);
        LocalDate birthDate = referenceDate.minusYears(20 + random.nextInt(22)).minusDays(random.nextInt(365));
        int bookingWeek = random.nextInt(100) < 85 ? 6 + random.nextInt(7) : 13 + random.nextInt(8);
        // Last menstrual period: booked by today, and up to a year before today.
        LocalDate lmp =
            referenceDate.minusWeeks(bookingWeek + random.nextInt(52)).minusDays(random.nextInt(7));
        LocalDate booking = lmp.plusWeeks(bookingWeek);
        Timestamp registered = timestamp(booking, random);

        patient.setString(1, patientNo);
        patient.setString(2, ChineseNameGenerator.fullName(true, random));
        patient.setString(3, ResidentIds.make(Regions.divisionCode(random), birthDate, true, random));
        patient.setDate(4, Date.valueOf(birthDate));
        patient.setString(5, "1" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000)));
        patient.setTimestamp(6, registered);
        patient.setTimestamp(7, registered);
        patient.addBatch();

        double baseWeight = 45 + random.nextDouble() * 30;
        boolean hypertensive = random.nextInt(12) == 0;
        int week = bookingWeek;
        int n = 0;
        while (week <= 40) {
          LocalDate date = lmp.plusWeeks(week).plusDays(random.nextInt(3));
          if (date.isAfter(referenceDate)) {
            break;
          }
          n++;
          visit.setString(1, patientNo + "-" + String.format("%02d", n));
          visit.setString(2, patientNo);
          visit.setDate(3, Date.valueOf(date));
          visit.setInt(4, week);
          if (random.nextInt(100) < 95) {
            int raise = hypertensive && week >= 28 ? 25 + random.nextInt(20) : 0;
            visit.setInt(5, 100 + random.nextInt(30) + raise);
            visit.setInt(6, 60 + random.nextInt(20) + raise / 2);
          } else {
            visit.setNull(5, Types.SMALLINT);
            visit.setNull(6, Types.SMALLINT);
          }
          if (random.nextInt(100) < 97) {
            double gain = Math.max(0, week - 13) * (0.35 + random.nextDouble() * 0.2);
            visit.setBigDecimal(7, BigDecimal.valueOf(baseWeight + gain).setScale(1, RoundingMode.HALF_UP));
          } else {
            visit.setNull(7, Types.NUMERIC);
          }
          visit.setString(8, DOCTORS[random.nextInt(DOCTORS.length)]);
          Timestamp at = timestamp(date, random);
          visit.setTimestamp(9, at);
          visit.setTimestamp(10, at);
          visit.addBatch();
          week += 2 + random.nextInt(3);
        }
        visits += n;
        if (i % 200 == 0) {
          patient.executeBatch();
          visit.executeBatch();
        }
      }
      patient.executeBatch();
      visit.executeBatch();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    log.info("Hospital A filled with {} women and {} prenatal visits (seed {})", women, visits, seed);
    return new Counts(women, visits);
  }

  /** A source timestamp during the working day of {@code date}, China time. */
  private static Timestamp timestamp(LocalDate date, SplittableRandom random) {
    return Timestamp.from(
        date.atTime(8 + random.nextInt(9), random.nextInt(60), random.nextInt(60))
            .toInstant(ZoneOffset.ofHours(8)));
  }

  /** What one run wrote. */
  public record Counts(int patients, int prenatalVisits) {}
}
