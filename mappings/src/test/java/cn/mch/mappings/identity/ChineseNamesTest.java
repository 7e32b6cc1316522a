package cn.mch.mappings.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.mch.mappings.FhirSystems;
import java.util.List;
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

  @Test
  void addsPinyinWithSurnameReading() {
    List<HumanName> names = ChineseNames.all("单雪");
    HumanName pinyin = names.get(names.size() - 1);
    // The representation extension marks the pinyin form; 单 as a surname reads shan.
    assertEquals("ABC", pinyin.getExtensionByUrl(FhirSystems.NAME_REPRESENTATION).getValue().primitiveValue());
    assertEquals("shan", pinyin.getFamily());
    assertEquals("xue", pinyin.getGivenAsSingleString());
    assertEquals("shan xue", pinyin.getText());
  }

  @Test
  void addsSimplifiedFormOfTraditionalName() {
    List<HumanName> names = ChineseNames.all("歐陽娜娜");
    assertEquals(3, names.size());
    assertEquals("歐陽", names.get(0).getFamily());
    assertEquals(HumanName.NameUse.USUAL, names.get(1).getUse());
    assertEquals("欧阳", names.get(1).getFamily());
    assertEquals("娜娜", names.get(1).getGivenAsSingleString());
    assertEquals("ouyang nana", names.get(2).getText());
  }

  @Test
  void simplifiedNameHasNoSecondHanForm() {
    assertEquals(2, ChineseNames.all("张丽").size());
  }

  @Test
  void minorityNameKeepsOnlyTheRecordedForm() {
    assertEquals(1, ChineseNames.all("买买提·艾力").size());
  }

  @Test
  void pinyinKeyIgnoresSpacesCaseAndTones() {
    assertEquals("zhangli", NameForms.pinyinKey("Zhang Li"));
    assertEquals("zhangli", NameForms.pinyinKey("zhāng lǐ"));
    assertEquals("zhangli", NameForms.pinyinKey("zhangli"));
    // Plain ASCII takes a shortcut past the transliterator: the same key as the long way.
    assertEquals("zhangli", NameForms.pinyinKey("ZHANG-li 2."));
    assertEquals("zhangli", NameForms.pinyinKey("ZHĀNG-lǐ 2."));
    assertEquals("zhangli", NameForms.pinyinKey("张丽"));
    assertEquals("", NameForms.pinyinKey(" 1-2 "));
  }
}
