package cn.mch.mappings.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.junit.jupiter.api.Test;

class ResidentIdTest {

  @Test
  void acceptsValidNumberAndReadsBirthDateAndSex() {
    ResidentId id = ResidentId.parse("310104199203150020");

    assertEquals(LocalDate.of(1992, 3, 15), id.birthDate());
    assertEquals(AdministrativeGender.FEMALE, id.sex()); // sequence 002: even
    assertEquals("31", id.provinceCode());
  }

  @Test
  void acceptsLowerCaseCheckCharacterX() {
    // 11010519491231002X is the standard's own example.
    assertEquals("11010519491231002X", ResidentId.parse("11010519491231002x").value());
  }

  @Test
  void rejectsWrongCheckCharacter() {
    MappingException e =
        assertThrows(MappingException.class, () -> ResidentId.parse("310104199203150021"));
    assertEquals(RejectReason.RESIDENT_ID_INVALID, e.reason());
  }

  @Test
  void rejectsImpossibleBirthDate() {
    String first17 = "31010419920230002"; // 30 February
    String id = first17 + ResidentId.checkCharacter(first17);
    assertEquals(
        RejectReason.RESIDENT_ID_INVALID,
        assertThrows(MappingException.class, () -> ResidentId.parse(id)).reason());
  }

  @Test
  void converts15DigitNumberTo18() {
    // 15 digits: 310104 920315 002 -> 310104 19920315 002 + check
    assertEquals("310104199203150020", ResidentId.parse("310104920315002").value());
  }

  @Test
  void rejectsBirthDateThatDiffersFromTheRecord() {
    ResidentId id = ResidentId.parse("310104199203150020");
    MappingException e =
        assertThrows(
            MappingException.class,
            () -> id.requireConsistentWith(LocalDate.of(1992, 3, 16), AdministrativeGender.FEMALE));
    assertEquals(RejectReason.RESIDENT_ID_INCONSISTENT, e.reason());
  }

  @Test
  void rejectsSexThatDiffersFromTheRecord() {
    ResidentId id = ResidentId.parse("310104199203150020");
    assertThrows(
        MappingException.class,
        () -> id.requireConsistentWith(LocalDate.of(1992, 3, 15), AdministrativeGender.MALE));
  }

  @Test
  void neverPrintsTheNumber() {
    assertFalse(ResidentId.parse("310104199203150020").toString().contains("1992"));
  }

  @Test
  void errorMessagesHoldNoDigitsOfTheNumber() {
    MappingException e =
        assertThrows(MappingException.class, () -> ResidentId.parse("310104199203150021"));
    assertFalse(e.getMessage().matches(".*\\d{4,}.*"), e.getMessage());
  }
}
