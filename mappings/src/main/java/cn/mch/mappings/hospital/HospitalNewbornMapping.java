package cn.mch.mappings.hospital;

import static cn.mch.mappings.FhirElements.concept;
import static cn.mch.mappings.FhirElements.minute;

import cn.mch.mappings.FhirElements;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.Rules;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.SourceProvenance;
import cn.mch.mappings.SourceStamps;
import cn.mch.mappings.identity.LinkageKeys;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Newborn record → the child's Patient (with time of birth), the mother as a RelatedPerson of the
 * child pointing to her own Patient, the birth Encounter {@code partOf} the mother's delivery
 * admission (as the HL7 Birth and Fetal Death Reporting IG links them), and birth weight (8339-4),
 * body length at birth (89269-5) and Apgar scores at 1 and 5 minutes (9272-6, 9274-2).
 */
public final class HospitalNewbornMapping {

  private final HospitalSource hospital;
  private final ResourceIds ids;
  private final HospitalReferences refs;
  private final SourceProvenance provenance;
  private final Organization organization;

  public HospitalNewbornMapping(HospitalSource hospital, ResourceIds ids) {
    this.hospital = hospital;
    this.ids = ids;
    this.refs = new HospitalReferences(hospital, ids);
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(hospital.code(), hospital.name());
  }

  public MappedRecord map(HospitalNewbornRow row) {
    SourceKey key = hospital.key(HospitalSource.NEWBORN, Rules.requireText(row.newbornNo(), "Newborn number"));
    Rules.requireText(row.deliveryNo(), "Newborn's delivery number");
    Rules.requireText(row.motherPatientNo(), "Mother's patient number");
    Rules.require(row.birthTime(), "Time of birth");
    Rules.requireRange(row.birthOrder(), 1, 8, "Birth order");
    Rules.requireRange(row.weightG(), 200, 7_000, "Birth weight");
    Rules.requireRange(row.lengthCm(), 20, 70, "Length at birth");
    Rules.requireRange(row.apgar1(), 0, 10, "Apgar score at 1 minute");
    Rules.requireRange(row.apgar5(), 0, 10, "Apgar score at 5 minutes");
    List<Resource> resources = new ArrayList<>();
    resources.add(child(key, row));
    resources.add(mother(key, row));
    resources.add(birth(key, row));
    if (row.weightG() != null) {
      resources.add(vital(key, row, "birth-weight", concept(FhirSystems.LOINC, "8339-4", "Birth weight Measured"),
          FhirElements.quantity(row.weightG(), "g")));
    }
    if (row.lengthCm() != null) {
      resources.add(vital(key, row, "birth-length", concept(FhirSystems.LOINC, "89269-5", "Body height Measured --at birth"),
          FhirElements.quantity(row.lengthCm(), "cm")));
    }
    if (row.apgar1() != null) {
      resources.add(vital(key, row, "apgar-1", concept(FhirSystems.LOINC, "9272-6", "1 minute Apgar Score"), new IntegerType(row.apgar1())));
    }
    if (row.apgar5() != null) {
      resources.add(vital(key, row, "apgar-5", concept(FhirSystems.LOINC, "9274-2", "5 minute Apgar Score"), new IntegerType(row.apgar5())));
    }
    return provenance.attach(new MappedRecord(key, resources), organization, SourceStamps.require(row.updatedAt()));
  }

  private Patient child(SourceKey key, HospitalNewbornRow row) {
    Patient child = new Patient();
    child.setId(refs.id(key, "Patient"));
    child.getMeta().addProfile(FhirSystems.MCH_PATIENT_PROFILE);
    child.addIdentifier().setSystem(hospital.numberSystem("newborn-no")).setValue(row.newbornNo());
    LinkageKeys.addBirthKeys(child, ids, row.motherResidentId(), row.motherName(), row.birthTime());
    child.setGender(
        row.sex() == null || row.sex().isBlank()
            ? AdministrativeGender.UNKNOWN
            : AdministrativeGender.fromCode(hospital.codes().require("sex", row.sex()).getCode()));
    DateType birthDate = new DateType(minute(row.birthTime()).getValueAsString().substring(0, 10));
    birthDate.addExtension(FhirSystems.PATIENT_BIRTH_TIME, minute(row.birthTime()));
    child.setBirthDateElement(birthDate);
    if (row.birthOrder() != null && row.birthOrder() > 1) {
      child.setMultipleBirth(new IntegerType(row.birthOrder()));
    }
    return child;
  }

  private RelatedPerson mother(SourceKey key, HospitalNewbornRow row) {
    RelatedPerson mother = new RelatedPerson();
    mother.setId(refs.id(key, "RelatedPerson", "mother"));
    mother.getMeta().addProfile(FhirSystems.MCH_MOTHER_OF_CHILD_PROFILE);
    mother.addExtension(FhirSystems.MCH_RELATED_PATIENT, refs.patient(row.motherPatientNo()));
    mother.setActive(true);
    mother.setPatient(refs.newborn(row.newbornNo()));
    mother.addRelationship(concept(FhirSystems.V3_ROLE_CODE, "MTH", "mother"));
    return mother;
  }

  private Encounter birth(SourceKey key, HospitalNewbornRow row) {
    Encounter birth = new Encounter();
    birth.setId(refs.id(key, "Encounter"));
    birth.setStatus(EncounterStatus.FINISHED);
    birth.setClass_(new org.hl7.fhir.r4.model.Coding(FhirSystems.V3_ACT_CODE, "IMP", "inpatient encounter"));
    birth.addType(concept(FhirSystems.MCH_ENCOUNTER_TYPE, "birth", "Birth"));
    birth.setSubject(refs.newborn(row.newbornNo()));
    birth.setPeriod(new Period().setStartElement(minute(row.birthTime())));
    birth.setPartOf(refs.deliveryEncounter(row.deliveryNo()));
    birth.setServiceProvider(FhirElements.reference(organization));
    return birth;
  }

  private Observation vital(SourceKey key, HospitalNewbornRow row, String part, CodeableConcept code, Type value) {
    Observation observation = new Observation();
    observation.setId(refs.id(key, "Observation", part));
    observation.setStatus(ObservationStatus.FINAL);
    observation.addCategory(concept(FhirSystems.OBSERVATION_CATEGORY, value instanceof IntegerType ? "exam" : "vital-signs",
        value instanceof IntegerType ? "Exam" : "Vital Signs"));
    observation.setCode(code);
    observation.setSubject(refs.newborn(row.newbornNo()));
    observation.setEncounter(FhirElements.reference("Encounter", refs.id(key, "Encounter")));
    observation.setEffective(minute(row.birthTime()));
    observation.setValue(value);
    return observation;
  }
}
