package cn.mch.demo.people;

import cn.mch.mappings.identity.ResidentId;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;

/** Makes valid GB 11643 resident ID numbers for synthetic people. */
public final class ResidentIds {

  private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

  private ResidentIds() {}

  /**
   * A number for a person registered in {@code divisionCode} (6 digits), born on {@code birthDate},
   * female or male (the sequence's last digit is even for women, odd for men).
   */
  public static String make(String divisionCode, LocalDate birthDate, boolean female, RandomGenerator random) {
    int sequence = random.nextInt(500) * 2 + (female ? 0 : 1);
    String first17 = divisionCode + birthDate.format(YYYYMMDD) + String.format("%03d", sequence);
    return first17 + ResidentId.checkCharacter(first17);
  }
}
