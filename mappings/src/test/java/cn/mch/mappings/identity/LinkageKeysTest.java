package cn.mch.mappings.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.mch.mappings.ResourceIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LinkageKeysTest {

  private static final ResourceIds IDS = new ResourceIds("test-secret-0123456789".getBytes(StandardCharsets.UTF_8));
  private static final String MOTHER = "310104199203150020";
  private static final Instant BORN = Instant.parse("2024-05-02T01:15:00Z");

  @Test
  void sameMotherAndMinuteGiveTheSameKeyWhateverTheSeconds() {
    assertEquals(
        LinkageKeys.birthEvent(IDS, MOTHER, BORN).getValue(),
        LinkageKeys.birthEvent(IDS, MOTHER, BORN.plusSeconds(42)).getValue());
  }

  @Test
  void twinsBornMinutesApartGetDifferentKeys() {
    assertNotEquals(
        LinkageKeys.birthEvent(IDS, MOTHER, BORN).getValue(),
        LinkageKeys.birthEvent(IDS, MOTHER, BORN.plusSeconds(120)).getValue());
  }

  @Test
  void fifteenDigitMotherIdGivesTheKeyOfItsEighteenDigitForm() {
    // 310104920315002 is the old form of 310104199203150020.
    assertEquals(
        LinkageKeys.birthEvent(IDS, MOTHER, BORN).getValue(),
        LinkageKeys.birthEvent(IDS, "310104920315002", BORN).getValue());
  }

  @Test
  void invalidOrMissingMotherIdGivesNoKey() {
    assertNull(LinkageKeys.birthEvent(IDS, "310104199203150021", BORN));
    assertNull(LinkageKeys.birthEvent(IDS, null, BORN));
  }

  @Test
  void keyDependsOnTheSecret() {
    ResourceIds other = new ResourceIds("another-secret-0123456789".getBytes(StandardCharsets.UTF_8));
    assertNotEquals(
        LinkageKeys.birthEvent(IDS, MOTHER, BORN).getValue(),
        LinkageKeys.birthEvent(other, MOTHER, BORN).getValue());
  }
}
