package cn.mch.mappings.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.identity.MatchRules.Outcome;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class MatchRulesTest {

  @Test
  void sharedResidentIdIsAMatchWhateverTheNames() {
    Patient a = person("张丽", "1992-03-15", AdministrativeGender.FEMALE).addIdentifier(key(FhirSystems.RESIDENT_ID, "X"));
    Patient b = person("張麗", null, AdministrativeGender.FEMALE).addIdentifier(key(FhirSystems.RESIDENT_ID, "X"));
    assertEquals(Outcome.MATCH, MatchRules.compare(a, b));
  }

  @Test
  void differentResidentIdsAreNeverAMatchEvenWithEverythingElseEqual() {
    Patient a = person("张丽", "1992-03-15", AdministrativeGender.FEMALE).addIdentifier(key(FhirSystems.RESIDENT_ID, "X"));
    Patient b = person("张丽", "1992-03-15", AdministrativeGender.FEMALE).addIdentifier(key(FhirSystems.RESIDENT_ID, "Y"));
    a.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE).setValue("13800001111");
    b.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE).setValue("13800001111");
    assertEquals(Outcome.NO_MATCH, MatchRules.compare(a, b));
  }

  @Test
  void twinsWithTheSameMothersNameKeyButAnotherMinuteAreNoMatch() {
    Patient first = child("2024-06-01T10:10:00+08:00", AdministrativeGender.FEMALE).addIdentifier(key(LinkageKeys.BIRTH_BY_MOTHER_NAME, "K"));
    Patient second = child("2024-06-01T10:14:00+08:00", AdministrativeGender.FEMALE).addIdentifier(key(LinkageKeys.BIRTH_BY_MOTHER_NAME, "K"));
    assertEquals(Outcome.NO_MATCH, MatchRules.compare(first, second));
  }

  @Test
  void mothersNameBirthKeyWithSameSexIsAMatch() {
    Patient newborn = child("2024-06-01T10:10:00+08:00", AdministrativeGender.MALE).addIdentifier(key(LinkageKeys.BIRTH_BY_MOTHER_NAME, "K"));
    Patient certificate = child("2024-06-01T10:10:00+08:00", AdministrativeGender.MALE).addIdentifier(key(LinkageKeys.BIRTH_BY_MOTHER_NAME, "K"));
    assertEquals(Outcome.MATCH, MatchRules.compare(newborn, certificate));
    certificate.setGender(AdministrativeGender.FEMALE);
    assertEquals(Outcome.NO_MATCH, MatchRules.compare(newborn, certificate));
  }

  @Test
  void mothersNameBirthKeyDoesNotOverrideDifferentBirthEvents() {
    Patient a = child("2024-06-01T10:10:00+08:00", AdministrativeGender.MALE)
        .addIdentifier(key(LinkageKeys.BIRTH_BY_MOTHER_NAME, "K")).addIdentifier(key(LinkageKeys.BIRTH_EVENT, "E1"));
    Patient b = child("2024-06-01T10:10:00+08:00", AdministrativeGender.MALE)
        .addIdentifier(key(LinkageKeys.BIRTH_BY_MOTHER_NAME, "K")).addIdentifier(key(LinkageKeys.BIRTH_EVENT, "E2"));
    assertEquals(Outcome.NO_MATCH, MatchRules.compare(a, b));
  }

  @Test
  void sameNameInEitherScriptAndBirthDateWithoutIdentifiersIsAPossibleMatch() {
    Patient a = person("陈国华", "1990-01-01", AdministrativeGender.MALE);
    Patient b = person("陳國華", "1990-01-01", AdministrativeGender.MALE);
    assertEquals(Outcome.POSSIBLE_MATCH, MatchRules.compare(a, b));
  }

  @Test
  void sameNameBirthDateAndPhoneIsAMatch() {
    Patient a = person("陈国华", "1990-01-01", AdministrativeGender.MALE);
    Patient b = person("陳國華", "1990-01-01", AdministrativeGender.MALE);
    a.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE).setValue("138 0000 1111");
    b.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE).setValue("13800001111");
    assertEquals(Outcome.MATCH, MatchRules.compare(a, b));
  }

  @Test
  void samePinyinOnlyIsAPossibleMatch() {
    // 张丽 and 章莉 are both "zhang li".
    assertEquals(Outcome.POSSIBLE_MATCH,
        MatchRules.compare(person("张丽", "1992-03-15", AdministrativeGender.FEMALE), person("章莉", "1992-03-15", AdministrativeGender.FEMALE)));
  }

  @Test
  void sameNameButAnotherBirthDateIsNoMatch() {
    assertEquals(Outcome.NO_MATCH,
        MatchRules.compare(person("张丽", "1992-03-15", AdministrativeGender.FEMALE), person("张丽", "1993-03-15", AdministrativeGender.FEMALE)));
  }

  private static Patient person(String name, String birthDate, AdministrativeGender sex) {
    Patient patient = new Patient();
    ChineseNames.all(name).forEach(patient::addName);
    if (birthDate != null) {
      patient.setBirthDateElement(new DateType(birthDate));
    }
    return patient.setGender(sex);
  }

  private static Patient child(String bornAt, AdministrativeGender sex) {
    Patient child = new Patient();
    DateType birthDate = new DateType(bornAt.substring(0, 10));
    birthDate.addExtension(FhirSystems.PATIENT_BIRTH_TIME, new DateTimeType(bornAt));
    return child.setBirthDateElement(birthDate).setGender(sex);
  }

  private static org.hl7.fhir.r4.model.Identifier key(String system, String value) {
    return new org.hl7.fhir.r4.model.Identifier().setSystem(system).setValue(value);
  }
}
