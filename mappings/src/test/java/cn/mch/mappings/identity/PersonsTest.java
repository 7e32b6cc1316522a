package cn.mch.mappings.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.Validation;
import java.util.List;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class PersonsTest {

  private static final String RID = "310104199203150020";

  @Test
  void personUnitesIdentifiersNamesAndLinksOfItsRecords() {
    Patient hospitalA = patient("a1", "hospital-a", "A0001", "张丽").addIdentifier(rid());
    Patient hospitalB = patient("b1", "hospital-b", "B0001", "張麗").addIdentifier(rid());

    Patient person = Persons.person(List.of(hospitalB, hospitalA));

    assertTrue(Persons.isPerson(person));
    // The resident ID once, each hospital's number once.
    assertEquals(3, person.getIdentifier().size());
    assertEquals(1, person.getIdentifier().stream().filter(i -> i.getSystem().equals(FhirSystems.RESIDENT_ID)).count());
    // 张丽 (recorded), its pinyin, and 張麗 as hospital B recorded it: the simplified and pinyin forms
    // of 張麗 are the ones hospital A gave already.
    assertEquals(List.of("张丽", "zhang li", "張麗"), person.getName().stream().map(n -> n.getText()).toList());
    assertEquals(List.of("Patient/a1", "Patient/b1"),
        person.getLink().stream().map(l -> l.getOther().getReference()).toList());
    assertEquals(AdministrativeGender.FEMALE, person.getGender());
    assertEquals(List.of(), Validation.errors(person));
  }

  @Test
  void sameRecordsInAnyOrderGiveTheSamePerson() {
    Patient a = patient("a1", "hospital-a", "A0001", "张丽").addIdentifier(rid());
    Patient b = patient("b1", "hospital-b", "B0001", "張麗").addIdentifier(rid());
    Patient c = patient("c1", "marriage-registry", "M1", "张丽").addIdentifier(rid());

    Patient one = Persons.person(List.of(a, b, c));
    Patient other = Persons.person(List.of(c, b, a));

    assertEquals(one.getIdElement().getIdPart(), other.getIdElement().getIdPart());
    assertTrue(one.equalsDeep(other));
  }

  @Test
  void anchorIsTheRecordWithTheStrongestKey() {
    // A newborn record (birth-event key only) and a child-health record with the resident ID: the
    // person is named after the record with the resident ID, whatever the ids.
    Patient newborn = patient("a0", "hospital-a", "N1", "李思雨")
        .addIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(LinkageKeys.BIRTH_EVENT).setValue("k"));
    Patient child = patient("z9", "child-health", "C1", "李思雨").addIdentifier(rid());

    String withBoth = Persons.personId(List.of(newborn, child));

    assertEquals(Persons.personId(List.of(child)), withBoth);
    assertNotEquals(Persons.personId(List.of(newborn)), withBoth);
  }

  private static org.hl7.fhir.r4.model.Identifier rid() {
    return new org.hl7.fhir.r4.model.Identifier().setSystem(FhirSystems.RESIDENT_ID).setValue(RID);
  }

  private static Patient patient(String id, String source, String number, String name) {
    Patient patient = new Patient();
    patient.setId(id);
    patient.addIdentifier().setSystem(FhirSystems.sourceIdentifier(source, "patient-no")).setValue(number);
    ChineseNames.all(name).forEach(patient::addName);
    patient.setGender(AdministrativeGender.FEMALE);
    return patient;
  }
}
