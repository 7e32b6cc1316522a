package cn.mch.mappings.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.HumanName.NameUse;

/**
 * Turns a full name as Chinese systems store it ("欧阳娜娜", "张丽") into a FHIR HumanName: the text
 * always, and family and given split for a Han name of 2 to 4 characters, with compound surnames
 * (欧阳, 司马, 诸葛, ...) taken from a data file. Other names (minorities' "买买提·艾力", foreigners')
 * keep only the text.
 */
public final class ChineseNames {

  private static final Set<String> COMPOUND_SURNAMES = loadCompoundSurnames();

  private ChineseNames() {}

  public static HumanName fromFullName(String fullName) {
    String text = fullName.strip();
    HumanName name = new HumanName().setUse(NameUse.OFFICIAL).setText(text);
    if (!isHan(text) || text.length() < 2 || text.length() > 4) {
      return name;
    }
    int surnameLength =
        text.length() >= 3 && COMPOUND_SURNAMES.contains(text.substring(0, 2)) ? 2 : 1;
    name.setFamily(text.substring(0, surnameLength));
    name.addGiven(text.substring(surnameLength));
    return name;
  }

  private static boolean isHan(String text) {
    return text.codePoints()
        .allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
  }

  private static Set<String> loadCompoundSurnames() {
    try (InputStream in = ChineseNames.class.getResourceAsStream("compound-surnames.txt")) {
      if (in == null) {
        throw new IllegalStateException("compound-surnames.txt is missing");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
