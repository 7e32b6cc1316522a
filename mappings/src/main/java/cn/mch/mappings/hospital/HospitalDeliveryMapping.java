package cn.mch.mappings.hospital;

import static cn.mch.mappings.FhirElements.concept;
import static cn.mch.mappings.FhirElements.day;
import static cn.mch.mappings.FhirElements.minute;

import cn.mch.mappings.FhirElements;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.Rules;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.SourceProvenance;
import cn.mch.mappings.SourceStamps;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Procedure.ProcedureStatus;
import org.hl7.fhir.r4.model.Resource;

/**
 * Delivery record → the delivery admission Encounter (of the pregnancy's EpisodeOfCare when
 * booked), the delivery Procedure coded by mode (caesarean SNOMED 11466000, vaginal 177184002),
 * gestational age at delivery (11884-4, in days), blood loss, and one Condition per complication.
 */
public final class HospitalDeliveryMapping {

  private final HospitalSource hospital;
  private final HospitalReferences refs;
  private final SourceProvenance provenance;
  private final Organization organization;

  public HospitalDeliveryMapping(HospitalSource hospital, ResourceIds ids) {
    this.hospital = hospital;
    this.refs = new HospitalReferences(hospital, ids);
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(hospital.code(), hospital.name());
  }

  public MappedRecord map(HospitalDeliveryRow row) {
    SourceKey key = hospital.key(HospitalSource.DELIVERY, Rules.requireText(row.deliveryNo(), "Delivery number"));
    Rules.requireText(row.patientNo(), "Delivery's patient number");
    Rules.require(row.admitDate(), "Admission date");
    Rules.require(row.deliveryTime(), "Delivery time");
    Rules.requireRange(row.gestationalWeeks(), 20, 45, "Gestational weeks at delivery");
    Rules.requireRange(row.gestationalDays(), 0, 6, "Gestational days at delivery");
    Rules.requireRange(row.bloodLossMl(), 0, 10_000, "Blood loss");
    if (row.dischargeDate() != null && row.dischargeDate().isBefore(row.admitDate())) {
      throw new MappingException(RejectReason.VALUE_OUT_OF_RANGE, "Discharge is before admission");
    }
    Coding mode = hospital.codes().require("delivery-mode", row.mode());
    Encounter encounter = encounter(key, row);
    List<Resource> resources = new ArrayList<>();
    resources.add(encounter);
    resources.add(procedure(key, row, mode));
    if (row.gestationalWeeks() != null) {
      int days = row.gestationalWeeks() * 7 + (row.gestationalDays() == null ? 0 : row.gestationalDays());
      resources.add(observation(key, row, "gestational-age",
          concept(FhirSystems.LOINC, "11884-4", "Gestational age Estimated"), FhirElements.quantity(days, "d")));
    }
    if (row.bloodLossMl() != null) {
      resources.add(observation(key, row, "blood-loss",
          concept(FhirSystems.MCH_OBSERVATION, "delivery-blood-loss", "Blood loss within 24 hours of delivery"),
          FhirElements.quantity(row.bloodLossMl(), "mL")));
    }
    for (String complication : HospitalRiskAssessmentMapping.factors(row.complications())) {
      resources.add(complication(key, row, complication));
    }
    return provenance.attach(new MappedRecord(key, resources), organization, SourceStamps.require(row.updatedAt()));
  }

  private Encounter encounter(SourceKey key, HospitalDeliveryRow row) {
    Encounter encounter = new Encounter();
    encounter.setId(refs.id(key, "Encounter"));
    encounter.addIdentifier().setSystem(hospital.numberSystem("delivery-no")).setValue(row.deliveryNo());
    encounter.setStatus(row.dischargeDate() != null ? EncounterStatus.FINISHED : EncounterStatus.INPROGRESS);
    encounter.setClass_(new Coding(FhirSystems.V3_ACT_CODE, "IMP", "inpatient encounter"));
    encounter.addType(concept(FhirSystems.MCH_ENCOUNTER_TYPE, "delivery-admission", "Delivery admission"));
    encounter.setSubject(refs.patient(row.patientNo()));
    if (row.bookingNo() != null && !row.bookingNo().isBlank()) {
      encounter.addEpisodeOfCare(refs.episode(row.bookingNo()));
    }
    Period period = new Period().setStartElement(day(row.admitDate()));
    if (row.dischargeDate() != null) {
      period.setEndElement(day(row.dischargeDate()));
    }
    encounter.setPeriod(period);
    encounter.setServiceProvider(FhirElements.reference(organization));
    return encounter;
  }

  private Procedure procedure(SourceKey key, HospitalDeliveryRow row, Coding mode) {
    Procedure procedure = new Procedure();
    procedure.setId(refs.id(key, "Procedure"));
    procedure.setStatus(ProcedureStatus.COMPLETED);
    procedure.setCode(concept(mode).addCoding(hospital.codes().local("delivery-mode", row.mode())));
    procedure.setSubject(refs.patient(row.patientNo()));
    procedure.setEncounter(refs.deliveryEncounter(row.deliveryNo()));
    procedure.setPerformed(minute(row.deliveryTime()));
    return procedure;
  }

  private Observation observation(
      SourceKey key, HospitalDeliveryRow row, String part, org.hl7.fhir.r4.model.CodeableConcept code, org.hl7.fhir.r4.model.Type value) {
    Observation observation = new Observation();
    observation.setId(refs.id(key, "Observation", part));
    observation.setStatus(ObservationStatus.FINAL);
    observation.addCategory(concept(FhirSystems.OBSERVATION_CATEGORY, "exam", "Exam"));
    observation.setCode(code);
    observation.setSubject(refs.patient(row.patientNo()));
    observation.setEncounter(refs.deliveryEncounter(row.deliveryNo()));
    observation.setEffective(minute(row.deliveryTime()));
    observation.setValue(value);
    return observation;
  }

  private Condition complication(SourceKey key, HospitalDeliveryRow row, String complication) {
    Condition condition = new Condition();
    condition.setId(refs.id(key, "Condition", "complication:" + complication));
    condition.setClinicalStatus(concept(FhirSystems.CONDITION_CLINICAL, "resolved", "Resolved"));
    condition.setVerificationStatus(concept(FhirSystems.CONDITION_VERIFICATION, "confirmed", "Confirmed"));
    condition.addCategory(concept(FhirSystems.CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis"));
    condition.getCode().setText(complication);
    condition.setSubject(refs.patient(row.patientNo()));
    condition.setEncounter(refs.deliveryEncounter(row.deliveryNo()));
    condition.setOnset(minute(row.deliveryTime()));
    return condition;
  }
}
