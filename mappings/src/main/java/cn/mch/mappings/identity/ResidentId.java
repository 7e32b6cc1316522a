package cn.mch.mappings.identity;

import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;

/**
 * A Chinese resident identity number checked against GB 11643: 6-digit division code, 8-digit birth
 * date, 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 * Old 15-digit numbers (2-digit year, no check character) are converted to 18. Nothing is guessed:
 * a number that fails is rejected. {@link #toString()} never shows the number.
 */
public final class ResidentId {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

  private final String value;
  private final LocalDate birthDate;
  private final AdministrativeGender sex;

  private ResidentId(String value, LocalDate birthDate, AdministrativeGender sex) {
    this.value = value;
    this.birthDate = birthDate;
    this.sex = sex;
  }

  /**
   * Parses and checks a resident ID.
   *
   * @throws MappingException with {@link RejectReason#RESIDENT_ID_INVALID} when it is not valid
   */
  public static ResidentId parse(String raw) {
    if (raw == null) {
      throw invalid("is empty");
    }
    String id = raw.strip().toUpperCase(Locale.ROOT);
    if (id.length() == 15) {
      id = from15(id);
    }
    if (!id.matches("\\d{17}[\\dX]")) {
      throw invalid("must be 18 characters: 17 digits and a digit or X");
    }
    if (checkCharacter(id.substring(0, 17)) != id.charAt(17)) {
      throw invalid("has a wrong check character");
    }
    LocalDate birthDate = date(id.substring(6, 14));
    AdministrativeGender sex =
        (id.charAt(16) - '0') % 2 == 1 ? AdministrativeGender.MALE : AdministrativeGender.FEMALE;
    return new ResidentId(id, birthDate, sex);
  }

  /** The ISO 7064 MOD 11-2 check character of the first 17 characters. */
  public static char checkCharacter(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK[sum % 11];
  }

  private static String from15(String id15) {
    if (!id15.matches("\\d{15}")) {
      throw invalid("of 15 characters must be all digits");
    }
    // 15-digit numbers were issued to people born in the 1900s.
    String first17 = id15.substring(0, 6) + "19" + id15.substring(6);
    return first17 + checkCharacter(first17);
  }

  private static LocalDate date(String yyyymmdd) {
    try {
      return LocalDate.of(
          Integer.parseInt(yyyymmdd.substring(0, 4)),
          Integer.parseInt(yyyymmdd.substring(4, 6)),
          Integer.parseInt(yyyymmdd.substring(6, 8)));
    } catch (DateTimeException e) {
      throw invalid("holds no valid birth date");
    }
  }

  private static MappingException invalid(String why) {
    return new MappingException(RejectReason.RESIDENT_ID_INVALID, "Resident ID " + why);
  }

  /**
   * Checks that the birth date and sex recorded with the number agree with it.
   *
   * @throws MappingException with {@link RejectReason#RESIDENT_ID_INCONSISTENT} when they do not
   */
  public ResidentId requireConsistentWith(LocalDate recordedBirthDate, AdministrativeGender recordedSex) {
    if (recordedBirthDate != null && !recordedBirthDate.equals(birthDate)) {
      throw new MappingException(
          RejectReason.RESIDENT_ID_INCONSISTENT, "Resident ID birth date differs from the record's");
    }
    if (recordedSex != null
        && (recordedSex == AdministrativeGender.MALE || recordedSex == AdministrativeGender.FEMALE)
        && recordedSex != sex) {
      throw new MappingException(
          RejectReason.RESIDENT_ID_INCONSISTENT, "Resident ID sex differs from the record's");
    }
    return this;
  }

  /** The normalised 18-character number. Sensitive: never log it. */
  public String value() {
    return value;
  }

  public LocalDate birthDate() {
    return birthDate;
  }

  public AdministrativeGender sex() {
    return sex;
  }

  /** The two-digit province code (e.g. 31 Shanghai, 32 Jiangsu). */
  public String provinceCode() {
    return value.substring(0, 2);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ResidentId that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "ResidentId[province=" + provinceCode() + ", ****]";
  }
}
