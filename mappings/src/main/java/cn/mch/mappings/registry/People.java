package cn.mch.mappings.registry;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.identity.ChineseNames;
import cn.mch.mappings.identity.ResidentId;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Identifier.IdentifierUse;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;

/** The person parts registry mappings share: checked resident IDs, Patients and RelatedPersons. */
final class People {

  private People() {}

  /**
   * The resident ID identifier, after the GB 11643 checks and against what the record says of the
   * person; null when the record has none. A failure rejects the record.
   */
  static Identifier residentId(String raw, LocalDate birthDate, AdministrativeGender sex) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    ResidentId id = ResidentId.parse(raw).requireConsistentWith(birthDate, sex);
    return new Identifier()
        .setUse(IdentifierUse.OFFICIAL)
        .setType(new CodeableConcept().addCoding(
            new org.hl7.fhir.r4.model.Coding(FhirSystems.V2_IDENTIFIER_TYPE, "NI", "National unique individual identifier")))
        .setSystem(FhirSystems.RESIDENT_ID)
        .setValue(id.value());
  }

  static Patient patient(String id, Identifier sourceNumber, Identifier residentId, String name,
      AdministrativeGender gender, LocalDate birthDate) {
    Patient patient = new Patient();
    patient.setId(id);
    patient.getMeta().addProfile(FhirSystems.MCH_PATIENT_PROFILE);
    if (residentId != null) {
      patient.addIdentifier(residentId);
    }
    patient.addIdentifier(sourceNumber);
    if (name != null && !name.isBlank()) {
      ChineseNames.all(name).forEach(patient::addName);
    }
    patient.setGender(gender);
    if (birthDate != null) {
      patient.setBirthDateElement(new DateType(birthDate.toString()));
    }
    return patient;
  }

  /** A parent or spouse of {@code patientReference} as the source knows them. */
  static RelatedPerson related(String id, String patientReference, String roleCode, String roleDisplay,
      Identifier residentId, String name, AdministrativeGender gender) {
    RelatedPerson person = new RelatedPerson();
    person.setId(id);
    if (residentId != null) {
      person.addIdentifier(residentId);
    }
    person.setActive(true);
    person.setPatient(new org.hl7.fhir.r4.model.Reference(patientReference));
    person.addRelationship(new CodeableConcept().addCoding(
        new org.hl7.fhir.r4.model.Coding(FhirSystems.V3_ROLE_CODE, roleCode, roleDisplay)));
    if (name != null && !name.isBlank()) {
      ChineseNames.all(name).forEach(person::addName);
    }
    person.setGender(gender);
    return person;
  }
}
