package cn.mch.mappings.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.hl7.fhir.r4.model.HumanName;
import org.junit.jupiter.api.Test;

class ChineseNamesTest {

  @Test
  void splitsSingleCharacterSurname() {
    HumanName name = ChineseNames.fromFullName("张丽");
    assertEquals("张丽", name.getText());
    assertEquals("张", name.getFamily());
    assertEquals("丽", name.getGivenAsSingleString());
  }

  @Test
  void splitsCompoundSurname() {
    HumanName name = ChineseNames.fromFullName("欧阳娜娜");
    assertEquals("欧阳", name.getFamily());
    assertEquals("娜娜", name.getGivenAsSingleString());
  }

  @Test
  void twoCharacterNameStartingLikeACompoundSurnameKeepsOneCharacterSurname() {
    // A two-character name is always surname + given, even when it reads like a compound surname.
    HumanName name = ChineseNames.fromFullName("欧阳");
    assertEquals("欧", name.getFamily());
    assertEquals("阳", name.getGivenAsSingleString());
  }

  @Test
  void keepsMinorityNameWhole() {
    HumanName name = ChineseNames.fromFullName("买买提·艾力");
    assertEquals("买买提·艾力", name.getText());
    assertNull(name.getFamily());
    assertFalse(name.hasGiven());
  }

  @Test
  void keepsForeignNameWhole() {
    HumanName name = ChineseNames.fromFullName("Anna Müller");
    assertEquals("Anna Müller", name.getText());
    assertNull(name.getFamily());
  }
}
