package cn.mch.mappings.hospital;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.SourceProvenance;
import cn.mch.mappings.SourceStamps;
import cn.mch.mappings.identity.ChineseNames;
import cn.mch.mappings.identity.ResidentId;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier.IdentifierUse;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;

/** Hospital patient master row → Patient. */
public final class HospitalPatientMapping {

  private final HospitalSource hospital;
  private final ResourceIds ids;
  private final SourceProvenance provenance;
  private final Organization organization;

  public HospitalPatientMapping(HospitalSource hospital, ResourceIds ids) {
    this.hospital = hospital;
    this.ids = ids;
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(hospital.code(), hospital.name());
  }

  /** The Patient, the hospital as an Organization and the Provenance of the record. */
  public MappedRecord map(HospitalPatientRow row) {
    MappedRecord record = new MappedRecord(hospital.patientKey(requirePatientNo(row)), List.of(patient(row)));
    return provenance.attach(record, organization, SourceStamps.require(row.updatedAt()));
  }

  public Patient patient(HospitalPatientRow row) {
    SourceKey key = hospital.patientKey(requirePatientNo(row));
    AdministrativeGender gender = gender(row.sex());
    Patient patient = new Patient();
    patient.setId(ids.id(key, "Patient"));
    patient.getMeta().addProfile(FhirSystems.MCH_PATIENT_PROFILE);
    if (row.residentId() != null && !row.residentId().isBlank()) {
      ResidentId residentId =
          ResidentId.parse(row.residentId()).requireConsistentWith(row.birthDate(), gender);
      patient
          .addIdentifier()
          .setUse(IdentifierUse.OFFICIAL)
          .setType(identifierType("NI", "National unique individual identifier"))
          .setSystem(FhirSystems.RESIDENT_ID)
          .setValue(residentId.value());
    }
    patient
        .addIdentifier()
        .setUse(IdentifierUse.USUAL)
        .setType(identifierType("MR", "Medical record number"))
        .setSystem(hospital.patientNumberSystem())
        .setValue(row.patientNo());
    if (row.fullName() == null || row.fullName().isBlank()) {
      throw new MappingException(RejectReason.MISSING_MANDATORY_FIELD, "Patient name is empty");
    }
    ChineseNames.all(row.fullName()).forEach(patient::addName);
    if (row.phone() != null && !row.phone().isBlank()) {
      patient
          .addTelecom()
          .setSystem(ContactPointSystem.PHONE)
          .setUse(ContactPointUse.MOBILE)
          .setValue(row.phone().strip());
    }
    patient.setGender(gender);
    if (row.birthDate() != null) {
      patient.setBirthDateElement(new DateType(row.birthDate().toString()));
    }
    return patient;
  }

  private static String requirePatientNo(HospitalPatientRow row) {
    if (row.patientNo() == null || row.patientNo().isBlank()) {
      throw new MappingException(RejectReason.MISSING_MANDATORY_FIELD, "Patient number is empty");
    }
    return row.patientNo();
  }

  private AdministrativeGender gender(String sex) {
    if (sex == null || sex.isBlank()) {
      return AdministrativeGender.UNKNOWN;
    }
    return AdministrativeGender.fromCode(hospital.codes().require("sex", sex).getCode());
  }

  private static CodeableConcept identifierType(String code, String display) {
    CodeableConcept type = new CodeableConcept();
    type.addCoding().setSystem(FhirSystems.V2_IDENTIFIER_TYPE).setCode(code).setDisplay(display);
    return type;
  }
}
