package cn.mch.mappings.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import cn.mch.mappings.FhirSystems;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.HumanName.NameUse;

/**
 * Turns a full name as Chinese systems store it ("欧阳娜娜", "张丽") into a FHIR HumanName: the text
 * always, and family and given split for a Han name of 2 to 4 characters, with compound surnames
 * (欧阳, 司马, 诸葛, ...) taken from a data file. Other names (minorities' "买买提·艾力", foreigners')
 * keep only the text.
 *
 * <p>{@link #all} adds the forms search and matching need: the name in simplified characters when
 * it was written in traditional ones, and its pinyin (marked with the ISO 21090 representation
 * "ABC"), so {@code Patient?name=zhang li} and a query in either script find the person.
 */
public final class ChineseNames {

  private static final Set<String> COMPOUND_SURNAMES = loadCompoundSurnames();

  private ChineseNames() {}

  /** The name as recorded, split into family and given where it is a Han name. */
  public static HumanName fromFullName(String fullName) {
    return split(fullName.strip(), NameUse.OFFICIAL);
  }

  /**
   * Every form of the name a person is found by: as recorded (official), in simplified script when
   * recorded in traditional (usual), and in pinyin (official, representation ABC). Names that are
   * not Han keep only the recorded form.
   */
  public static List<HumanName> all(String fullName) {
    HumanName recorded = fromFullName(fullName);
    List<HumanName> names = new ArrayList<>(List.of(recorded));
    if (!isHan(recorded.getText())) {
      return names;
    }
    String simplified = NameForms.simplified(recorded.getText());
    if (!simplified.equals(recorded.getText())) {
      names.add(split(simplified, NameUse.USUAL));
    }
    names.add(pinyin(split(simplified, NameUse.OFFICIAL)));
    return names;
  }

  private static HumanName split(String text, NameUse use) {
    HumanName name = new HumanName().setUse(use).setText(text);
    if (!isHan(text) || text.length() < 2 || text.length() > 4) {
      return name;
    }
    String simplified = NameForms.simplified(text);
    int surnameLength =
        text.length() >= 3 && COMPOUND_SURNAMES.contains(simplified.substring(0, 2)) ? 2 : 1;
    name.setFamily(text.substring(0, surnameLength));
    name.addGiven(text.substring(surnameLength));
    return name;
  }

  private static HumanName pinyin(HumanName han) {
    HumanName pinyin = new HumanName().setUse(NameUse.OFFICIAL);
    pinyin.addExtension(FhirSystems.NAME_REPRESENTATION, new CodeType("ABC"));
    if (han.hasFamily()) {
      String family = NameForms.surnamePinyin(han.getFamily());
      String given = NameForms.givenPinyin(han.getGivenAsSingleString());
      pinyin.setFamily(family).addGiven(given).setText(family + " " + given);
    } else {
      pinyin.setText(NameForms.givenPinyin(han.getText()));
    }
    return pinyin;
  }

  private static boolean isHan(String text) {
    return !text.isEmpty() && text.codePoints()
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
