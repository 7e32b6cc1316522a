package cn.mch.demo.population;

import cn.mch.demo.people.ChineseNameGenerator;
import cn.mch.demo.people.Regions;
import cn.mch.demo.people.ResidentIds;
import cn.mch.demo.population.Child.CheckUp;
import cn.mch.demo.population.Child.Screening;
import cn.mch.demo.population.Pregnancy.Delivery;
import cn.mch.demo.population.Pregnancy.DeliveryMode;
import cn.mch.demo.population.Pregnancy.LabResult;
import cn.mch.demo.population.Pregnancy.LabTest;
import cn.mch.demo.population.Pregnancy.RiskAssessment;
import cn.mch.demo.population.Pregnancy.Visit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the truth of a synthetic MCH population: each woman follows a plausible life course
 * (premarital exam → marriage → pregnancies with booking, visits, labs, risk grading, delivery →
 * children with screening and check-ups) up to the reference date. Seeded and deterministic: the
 * same seed, size and date give the same population. Each woman draws from her own split of the
 * seed, so her life does not depend on how many women come before her.
 *
 * <p>Rates are round figures of the kind the domain's indicators report: about 70% premarital
 * exams, 85% booked before 13 weeks, 3% never booked, 38% caesarean, 1.5% twins, 6% preterm,
 * hepatitis B carriers about 6%, syphilis 0.3%, HIV 0.05%.
 */
public final class PopulationGenerator {

  private static final String[] OFFICES = {"黄浦区婚姻登记处", "徐汇区婚姻登记处", "浦东新区婚姻登记处", "松江区婚姻登记处", "奉贤区婚姻登记处"};
  private static final String[] EXAM_INSTITUTIONS = {"市妇幼保健院", "区妇幼保健所", "社区卫生服务中心"};
  private static final String[] RISK_FACTORS_YELLOW = {"年龄≥35岁", "BMI≥28", "轻度贫血", "瘢痕子宫"};
  private static final String[] RISK_FACTORS_ORANGE = {"妊娠期高血压", "妊娠期糖尿病", "前置胎盘", "双胎妊娠"};
  private static final String[] RISK_FACTORS_RED = {"重度子痫前期", "心脏病", "凶险性前置胎盘"};
  private static final int[] CHECK_UP_MONTHS = {1, 3, 6, 8, 12, 18, 24, 30, 36, 48, 60, 72};

  private final long seed;
  private final int women;
  private final LocalDate referenceDate;

  public PopulationGenerator(long seed, int women, LocalDate referenceDate) {
    this.seed = seed;
    this.women = women;
    this.referenceDate = referenceDate;
  }

  public Population generate() {
    SplittableRandom root = new SplittableRandom(seed);
    List<Woman> all = new ArrayList<>(women);
    for (int i = 1; i <= women; i++) {
      all.add(woman(i, root.split()));
    }
    return new Population(seed, referenceDate, List.copyOf(all));
  }

  private Woman woman(int n, SplittableRandom random) {
    String id = String.format("W%06d", n);
    LocalDate born = referenceDate.minusYears(22 + random.nextInt(20)).minusDays(random.nextInt(365));
    Person person = person(id, true, born, Regions.divisionCode(random), random);
    // Every woman here becomes a mother: marriage and first pregnancy leave room before today.
    LocalDate latestStart = referenceDate.minusMonths(12).minusDays(random.nextInt(180));
    LocalDate start = born.plusYears(21 + random.nextInt(10)).plusDays(random.nextInt(365));
    if (start.isAfter(latestStart)) {
      start = latestStart;
    }
    Marriage marriage = random.nextInt(100) < 95 ? marriage(id, person, start, random) : null;
    List<Pregnancy> pregnancies = new ArrayList<>();
    int wanted = random.nextInt(100) < 70 ? 1 : random.nextInt(100) < 85 ? 2 : 3;
    LocalDate firstLmp = start.plusMonths(2);
    long room = ChronoUnit.DAYS.between(firstLmp, referenceDate.minusWeeks(10));
    LocalDate nextLmp = firstLmp.plusDays(random.nextInt((int) Math.max(1, Math.min(700, room))));
    int parity = 0;
    for (int k = 1; k <= wanted && nextLmp.plusWeeks(8).isBefore(referenceDate); k++) {
      Pregnancy pregnancy = pregnancy(id + "-P" + k, k, parity, nextLmp, random);
      pregnancies.add(pregnancy);
      if (pregnancy.delivery() == null) {
        break;
      }
      parity++;
      nextLmp = pregnancy.delivery().at().toLocalDate().plusMonths(18 + random.nextInt(30));
    }
    return new Woman(person, marriage, List.copyOf(pregnancies));
  }

  private Marriage marriage(String womanId, Person wife, LocalDate date, SplittableRandom random) {
    LocalDate husbandBorn = wife.birthDate().minusYears(random.nextInt(6) - 1).minusDays(random.nextInt(365));
    // About one husband in six is registered in a neighbouring province (32, 33, 34).
    String division = random.nextInt(6) == 0 ? Regions.deltaDivisionCode(random) : Regions.divisionCode(random);
    Person husband = person("H" + womanId.substring(1), false, husbandBorn, division, random);
    boolean examined = random.nextInt(100) < 70;
    return new Marriage(
        "M" + womanId.substring(1),
        husband,
        date,
        OFFICES[random.nextInt(OFFICES.length)],
        examined ? date.minusDays(1 + random.nextInt(60)) : null,
        examined ? EXAM_INSTITUTIONS[random.nextInt(EXAM_INSTITUTIONS.length)] : null);
  }

  private static Person person(String id, boolean female, LocalDate born, String division, SplittableRandom random) {
    return new Person(
        id,
        ChineseNameGenerator.fullName(female, random),
        female,
        born,
        division,
        ResidentIds.make(division, born, female, random),
        "1" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000)));
  }

  private Pregnancy pregnancy(String id, int gravida, int parity, LocalDate lmp, SplittableRandom random) {
    String hospital = random.nextInt(100) < 60 ? "hospital-a" : "hospital-b";
    int roll = random.nextInt(100);
    Integer bookingWeek = roll < 3 ? null : roll < 83 ? 6 + random.nextInt(7) : 13 + random.nextInt(12);
    // Delivery: mostly at term, some preterm.
    int deliveryRoll = random.nextInt(1000);
    int gestationDays =
        deliveryRoll < 10 ? 196 + random.nextInt(28) : deliveryRoll < 70 ? 224 + random.nextInt(35) : 259 + random.nextInt(35);
    LocalDate deliveryDay = lmp.plusDays(gestationDays);
    boolean delivered = deliveryDay.isBefore(referenceDate);
    LocalDate end = delivered ? deliveryDay : referenceDate;

    LabResult hbsag = lab(lmp, end, bookingWeek, LabTest.HBSAG, random.nextInt(1000) < 60 ? "positive" : "negative");
    LabResult syphilis = lab(lmp, end, bookingWeek, LabTest.SYPHILIS, random.nextInt(1000) < 3 ? "positive" : "negative");
    LabResult hiv = lab(lmp, end, bookingWeek, LabTest.HIV, random.nextInt(10000) < 5 ? "positive" : "negative");

    List<Visit> visits = new ArrayList<>();
    List<LabResult> labs = new ArrayList<>();
    List<RiskAssessment> risks = new ArrayList<>();
    LocalDate booking = bookingWeek == null ? null : lmp.plusWeeks(bookingWeek).plusDays(random.nextInt(7));
    if (booking != null && booking.isBefore(end)) {
      double baseWeight = 45 + random.nextDouble() * 30;
      boolean hypertensive = random.nextInt(12) == 0;
      int week = bookingWeek;
      LocalDate date = booking;
      while (date.isBefore(end)) {
        visits.add(visit(date, week, baseWeight, hypertensive, random));
        week += 2 + random.nextInt(3);
        date = lmp.plusWeeks(week).plusDays(random.nextInt(3));
      }
      labs.add(new LabResult(booking, LabTest.HAEMOGLOBIN_G_L, String.valueOf(95 + random.nextInt(45))));
      labs.add(hbsag);
      labs.add(syphilis);
      labs.add(hiv);
      LocalDate serum = lmp.plusWeeks(15 + random.nextInt(5));
      if (random.nextInt(100) < 65 && serum.isAfter(booking) && serum.isBefore(end)) {
        labs.add(new LabResult(serum, LabTest.SERUM_SCREENING, random.nextInt(100) < 5 ? "high-risk" : "low-risk"));
      }
      LocalDate ogtt = lmp.plusWeeks(24 + random.nextInt(4));
      if (ogtt.isAfter(booking) && ogtt.isBefore(end)) {
        labs.add(new LabResult(ogtt, LabTest.FASTING_GLUCOSE_MMOL_L, String.format("%.1f", 4.0 + random.nextDouble() * 2.2)));
      }
      labs.sort((a, b) -> a.date().compareTo(b.date()));
      boolean infectious = labs.stream().anyMatch(l -> "positive".equals(l.value()));
      risks.add(risk(booking, infectious, random));
      LocalDate thirdTrimester = lmp.plusWeeks(28 + random.nextInt(4));
      if (thirdTrimester.isAfter(booking) && thirdTrimester.isBefore(end)) {
        risks.add(risk(thirdTrimester, infectious, random));
      }
    }
    Delivery delivery = delivered ? delivery(id, lmp, deliveryDay, gestationDays, random) : null;
    List<LocalDate> postpartum = new ArrayList<>();
    if (delivery != null) {
      int count = random.nextInt(100) < 90 ? 1 + random.nextInt(2) : 0;
      for (int i = 0; i < count; i++) {
        LocalDate day = deliveryDay.plusDays(3 + i * 25 + random.nextInt(10));
        if (day.isBefore(referenceDate)) {
          postpartum.add(day);
        }
      }
    }
    return new Pregnancy(
        id, hospital, gravida, parity, lmp, booking != null && booking.isBefore(end) ? booking : null,
        List.copyOf(visits), List.copyOf(risks), List.copyOf(labs), delivery, List.copyOf(postpartum));
  }

  private static LabResult lab(LocalDate lmp, LocalDate end, Integer bookingWeek, LabTest test, String value) {
    LocalDate date = bookingWeek == null ? lmp : lmp.plusWeeks(bookingWeek);
    return new LabResult(date.isAfter(end) ? end : date, test, value);
  }

  private static Visit visit(LocalDate date, int week, double baseWeight, boolean hypertensive, SplittableRandom random) {
    Integer sbp = null;
    Integer dbp = null;
    if (random.nextInt(100) < 95) {
      int raise = hypertensive && week >= 28 ? 25 + random.nextInt(20) : 0;
      sbp = 100 + random.nextInt(30) + raise;
      dbp = 60 + random.nextInt(20) + raise / 2;
    }
    BigDecimal weight =
        random.nextInt(100) < 97
            ? BigDecimal.valueOf(baseWeight + Math.max(0, week - 13) * (0.35 + random.nextDouble() * 0.2))
                .setScale(1, RoundingMode.HALF_UP)
            : null;
    BigDecimal fundalHeight = week >= 20 ? BigDecimal.valueOf(week - 2 + random.nextInt(5)) : null;
    Integer fetalHeartRate = week >= 12 ? 120 + random.nextInt(40) : null;
    return new Visit(date, week, sbp, dbp, weight, fundalHeight, fetalHeartRate);
  }

  private static RiskAssessment risk(LocalDate date, boolean infectious, SplittableRandom random) {
    int roll = random.nextInt(100);
    RiskColour colour = roll < 55 ? RiskColour.GREEN : roll < 85 ? RiskColour.YELLOW : roll < 96 ? RiskColour.ORANGE : RiskColour.RED;
    List<RiskColour> colours = new ArrayList<>(List.of(colour));
    List<String> factors = new ArrayList<>();
    switch (colour) {
      case YELLOW -> factors.add(RISK_FACTORS_YELLOW[random.nextInt(RISK_FACTORS_YELLOW.length)]);
      case ORANGE -> factors.add(RISK_FACTORS_ORANGE[random.nextInt(RISK_FACTORS_ORANGE.length)]);
      case RED -> factors.add(RISK_FACTORS_RED[random.nextInt(RISK_FACTORS_RED.length)]);
      default -> { }
    }
    if (infectious) {
      colours.add(RiskColour.PURPLE);
      factors.add("传染性疾病");
    }
    return new RiskAssessment(date, List.copyOf(colours), List.copyOf(factors));
  }

  private Delivery delivery(String pregnancyId, LocalDate lmp, LocalDate day, int gestationDays, SplittableRandom random) {
    LocalDateTime at = day.atTime(random.nextInt(24), random.nextInt(60));
    boolean caesarean = random.nextInt(100) < 38;
    int babies = random.nextInt(1000) < 15 ? 2 : 1;
    int bloodLoss = caesarean ? 300 + random.nextInt(500) : 150 + random.nextInt(350);
    List<String> complications = new ArrayList<>();
    if (random.nextInt(100) < 3) {
      bloodLoss = caesarean ? 1000 + random.nextInt(800) : 500 + random.nextInt(700);
      complications.add("产后出血");
    }
    List<Child> children = new ArrayList<>();
    for (int order = 1; order <= babies; order++) {
      children.add(child(pregnancyId, order, at.plusMinutes((order - 1) * (2 + random.nextInt(15))), gestationDays, babies, random));
    }
    return new Delivery(
        at, gestationDays / 7, gestationDays % 7, caesarean ? DeliveryMode.CAESAREAN : DeliveryMode.VAGINAL,
        bloodLoss, List.copyOf(complications), List.copyOf(children));
  }

  private Child child(String pregnancyId, int order, LocalDateTime at, int gestationDays, int babies, SplittableRandom random) {
    boolean female = random.nextInt(100) < 48;
    // Weight follows gestation; twins are lighter.
    int weight = (int) (3300 - (280 - gestationDays) * 22 - (babies - 1) * 450 + random.nextGaussian() * 380);
    weight = Math.max(600, weight);
    LocalDate born = at.toLocalDate();
    LocalDate registered = random.nextInt(100) < 95 ? born.plusDays(20 + random.nextInt(70)) : null;
    if (registered != null && !registered.isBefore(referenceDate)) {
      registered = null;
    }
    String division = Regions.divisionCode(random);
    Person person =
        new Person(
            "C" + pregnancyId.substring(1) + "-" + order,
            ChineseNameGenerator.fullName(female, random),
            female,
            born,
            division,
            registered == null ? null : ResidentIds.make(division, born, female, random),
            null);
    LocalDate issued = born.plusDays(random.nextInt(10));
    // Unique by construction: the woman's number, the pregnancy and the birth order.
    String certificate =
        (char) ('M' + random.nextInt(10))
            + pregnancyId.substring(1, 7)
            + pregnancyId.substring(pregnancyId.indexOf("-P") + 2)
            + order
            + random.nextInt(10);
    Screening screening = null;
    LocalDate screened = born.plusDays(3);
    if (random.nextInt(100) < 96 && screened.isBefore(referenceDate)) {
      screening =
          new Screening(
              screened,
              random.nextInt(10000) < 2 ? "abnormal" : "normal",
              random.nextInt(10000) < 5 ? "abnormal" : "normal",
              random.nextInt(100) < 3 ? "refer" : "pass",
              random.nextInt(100) < 3 ? "refer" : "pass",
              random.nextInt(1000) < 8 ? "positive" : "negative");
    }
    List<CheckUp> checkUps = new ArrayList<>();
    for (int months : CHECK_UP_MONTHS) {
      LocalDate date = born.plusMonths(months).plusDays(random.nextInt(14));
      if (!date.isBefore(referenceDate)) {
        break;
      }
      if (random.nextInt(100) < 90) {
        double height = 50 + 25 * Math.log1p(months / 3.0) + random.nextGaussian() * 2;
        double kg = weight / 1000.0 + 3.2 * Math.log1p(months / 2.0) + random.nextGaussian() * 0.6;
        checkUps.add(
            new CheckUp(
                date,
                months,
                Math.round(height * 10) / 10.0,
                Math.round(kg * 10) / 10.0,
                months <= 36 ? Math.round((35 + 4.5 * Math.log1p(months)) * 10) / 10.0 : null,
                months >= 36 ? (random.nextInt(100) < 92 ? "normal" : "abnormal") : null,
                months == 18 || months == 24 ? (random.nextInt(100) < 97 ? "pass" : "refer") : null));
      }
    }
    return new Child(
        person, registered, at, order, weight, 46 + random.nextInt(7) - (babies - 1) * 2,
        8 + random.nextInt(3) - (random.nextInt(100) < 3 ? 4 : 0), 9 + random.nextInt(2),
        certificate, issued, screening, List.copyOf(checkUps));
  }
}
