package cn.mch.mappings.hospital;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.SourceProvenance;
import cn.mch.mappings.SourceStamps;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Hospital prenatal visit row → an Encounter, a blood-pressure Observation (LOINC 85354-9 with
 * 8480-6 / 8462-4), a body-weight Observation (29463-7) and the gestational age at the visit
 * (18185-9), each Observation only when recorded.
 */
public final class HospitalPrenatalVisitMapping {

  private static final String PRENATAL_VISIT_SNOMED = "424619006";

  private final HospitalSource hospital;
  private final ResourceIds ids;
  private final SourceProvenance provenance;
  private final Organization organization;

  public HospitalPrenatalVisitMapping(HospitalSource hospital, ResourceIds ids) {
    this.hospital = hospital;
    this.ids = ids;
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(hospital.code(), hospital.name());
  }

  public MappedRecord map(HospitalPrenatalVisitRow row) {
    requireMandatory(row);
    List<Resource> resources = new ArrayList<>();
    resources.add(encounter(row));
    bloodPressure(row).ifPresent(resources::add);
    bodyWeight(row).ifPresent(resources::add);
    gestationalAge(row).ifPresent(resources::add);
    fundalHeight(row).ifPresent(resources::add);
    fetalHeartRate(row).ifPresent(resources::add);
    return provenance.attach(new MappedRecord(key(row), resources), organization, SourceStamps.require(row.updatedAt()));
  }

  public Encounter encounter(HospitalPrenatalVisitRow row) {
    Encounter encounter = new Encounter();
    encounter.setId(ids.id(key(row), "Encounter"));
    encounter.addIdentifier().setSystem(hospital.visitNumberSystem()).setValue(row.visitNo());
    encounter.setStatus(EncounterStatus.FINISHED);
    encounter.setClass_(
        new Coding(FhirSystems.V3_ACT_CODE, "AMB", "ambulatory"));
    encounter.addType(concept(FhirSystems.SNOMED, PRENATAL_VISIT_SNOMED, "Prenatal visit"));
    encounter.setSubject(patientReference(row));
    if (row.bookingNo() != null && !row.bookingNo().isBlank()) {
      encounter.addEpisodeOfCare(
          new Reference("EpisodeOfCare/" + ids.id(hospital.key(HospitalSource.BOOKING, row.bookingNo()), "EpisodeOfCare")));
    }
    DateTimeType day = new DateTimeType(row.visitDate().toString());
    encounter.setPeriod(new Period().setStartElement(day).setEndElement(day.copy()));
    return encounter;
  }

  public Optional<Observation> bloodPressure(HospitalPrenatalVisitRow row) {
    if (row.systolicMmHg() == null && row.diastolicMmHg() == null) {
      return Optional.empty();
    }
    if (row.systolicMmHg() == null || row.diastolicMmHg() == null) {
      throw new MappingException(
          RejectReason.MISSING_MANDATORY_FIELD, "Blood pressure has only one of its two values");
    }
    requireRange("Systolic pressure", row.systolicMmHg(), 40, 300);
    requireRange("Diastolic pressure", row.diastolicMmHg(), 20, 200);
    Observation observation = vitalSign(row, "blood-pressure", FhirSystems.VITAL_SIGNS_BP_PROFILE);
    observation.setCode(concept(FhirSystems.LOINC, "85354-9", "Blood pressure panel with all children optional"));
    observation
        .addComponent()
        .setCode(concept(FhirSystems.LOINC, "8480-6", "Systolic blood pressure"))
        .setValue(mmHg(row.systolicMmHg()));
    observation
        .addComponent()
        .setCode(concept(FhirSystems.LOINC, "8462-4", "Diastolic blood pressure"))
        .setValue(mmHg(row.diastolicMmHg()));
    return Optional.of(observation);
  }

  public Optional<Observation> bodyWeight(HospitalPrenatalVisitRow row) {
    if (row.weightKg() == null) {
      return Optional.empty();
    }
    requireRange("Body weight", row.weightKg().doubleValue(), 25, 250);
    Observation observation =
        vitalSign(row, "body-weight", FhirSystems.VITAL_SIGNS_BODY_WEIGHT_PROFILE);
    observation.setCode(concept(FhirSystems.LOINC, "29463-7", "Body weight"));
    observation.setValue(
        new Quantity()
            .setValue(row.weightKg())
            .setUnit("kg")
            .setSystem(FhirSystems.UCUM)
            .setCode("kg"));
    return Optional.of(observation);
  }

  public Optional<Observation> gestationalAge(HospitalPrenatalVisitRow row) {
    if (row.gestationalWeeks() == null) {
      return Optional.empty();
    }
    requireRange("Gestational age", row.gestationalWeeks(), 1, 45);
    Observation observation = new Observation();
    observation.setId(ids.id(key(row), "Observation", "gestational-age"));
    observation.setStatus(ObservationStatus.FINAL);
    observation.addCategory(concept(FhirSystems.OBSERVATION_CATEGORY, "exam", "Exam"));
    observation.setCode(concept(FhirSystems.LOINC, "18185-9", "Gestational age"));
    observation.setSubject(patientReference(row));
    observation.setEncounter(encounterReference(row));
    observation.setEffective(new DateTimeType(row.visitDate().toString()));
    observation.setValue(
        new Quantity()
            .setValue(row.gestationalWeeks())
            .setUnit("wk")
            .setSystem(FhirSystems.UCUM)
            .setCode("wk"));
    return Optional.of(observation);
  }

  public Optional<Observation> fundalHeight(HospitalPrenatalVisitRow row) {
    if (row.fundalHeightCm() == null) {
      return Optional.empty();
    }
    requireRange("Fundal height", row.fundalHeightCm().doubleValue(), 5, 50);
    return Optional.of(exam(row, "fundal-height",
        concept(FhirSystems.LOINC, "11881-0", "Uterus Fundal height Tape measure"),
        new Quantity().setValue(row.fundalHeightCm()).setUnit("cm").setSystem(FhirSystems.UCUM).setCode("cm")));
  }

  public Optional<Observation> fetalHeartRate(HospitalPrenatalVisitRow row) {
    if (row.fetalHeartRate() == null) {
      return Optional.empty();
    }
    requireRange("Fetal heart rate", row.fetalHeartRate(), 60, 240);
    return Optional.of(exam(row, "fetal-heart-rate",
        concept(FhirSystems.LOINC, "55283-6", "Fetal Heart rate"),
        new Quantity().setValue(row.fetalHeartRate()).setUnit("/min").setSystem(FhirSystems.UCUM).setCode("/min")));
  }

  private Observation exam(HospitalPrenatalVisitRow row, String part, CodeableConcept code, Quantity value) {
    Observation observation = new Observation();
    observation.setId(ids.id(key(row), "Observation", part));
    observation.setStatus(ObservationStatus.FINAL);
    observation.addCategory(concept(FhirSystems.OBSERVATION_CATEGORY, "exam", "Exam"));
    observation.setCode(code);
    observation.setSubject(patientReference(row));
    observation.setEncounter(encounterReference(row));
    observation.setEffective(new DateTimeType(row.visitDate().toString()));
    observation.setValue(value);
    return observation;
  }

  /** The parts every vital sign of this visit shares, in FHIR element order. */
  private Observation vitalSign(HospitalPrenatalVisitRow row, String part, String profile) {
    Observation observation = new Observation();
    observation.setId(ids.id(key(row), "Observation", part));
    observation.getMeta().addProfile(profile);
    observation.setStatus(ObservationStatus.FINAL);
    observation.addCategory(
        concept(FhirSystems.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs"));
    observation.setSubject(patientReference(row));
    observation.setEncounter(encounterReference(row));
    observation.setEffective(new DateTimeType(row.visitDate().toString()));
    return observation;
  }

  private SourceKey key(HospitalPrenatalVisitRow row) {
    return hospital.prenatalVisitKey(row.visitNo());
  }

  private Reference encounterReference(HospitalPrenatalVisitRow row) {
    return new Reference("Encounter/" + ids.id(key(row), "Encounter"));
  }

  private Reference patientReference(HospitalPrenatalVisitRow row) {
    return new Reference("Patient/" + ids.id(hospital.patientKey(row.patientNo()), "Patient"));
  }

  private static void requireMandatory(HospitalPrenatalVisitRow row) {
    if (row.visitNo() == null || row.visitNo().isBlank()) {
      throw new MappingException(RejectReason.MISSING_MANDATORY_FIELD, "Visit number is empty");
    }
    if (row.patientNo() == null || row.patientNo().isBlank()) {
      throw new MappingException(RejectReason.MISSING_MANDATORY_FIELD, "Visit has no patient number");
    }
    if (row.visitDate() == null) {
      throw new MappingException(RejectReason.MISSING_MANDATORY_FIELD, "Visit date is empty");
    }
  }

  private static void requireRange(String what, double value, double min, double max) {
    if (value < min || value > max) {
      throw new MappingException(
          RejectReason.VALUE_OUT_OF_RANGE, what + " is outside " + min + ".." + max);
    }
  }

  private static Quantity mmHg(int value) {
    return new Quantity()
        .setValue(BigDecimal.valueOf(value))
        .setUnit("mmHg")
        .setSystem(FhirSystems.UCUM)
        .setCode("mm[Hg]");
  }

  private static CodeableConcept concept(String system, String code, String display) {
    return new CodeableConcept().addCoding(new Coding(system, code, display));
  }
}
