package cn.mch.mappings.registry;

import static cn.mch.mappings.FhirElements.concept;
import static cn.mch.mappings.FhirElements.day;

import cn.mch.mappings.FhirElements;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappedRecord.QualityIssue;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.Rules;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.SourceProvenance;
import cn.mch.mappings.SourceStamps;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Community child-health system → the child's Patient (resident ID once registered, birth
 * certificate number) with the mother as a RelatedPerson as this system knows her; newborn
 * screening → Observations (PKU, congenital hypothyroidism, hearing left 54109-4 / right 54108-6,
 * CCHD 73700-7); each check-up → an Encounter with height 8302-2, weight 29463-7, head
 * circumference 9843-4, vision and development screening.
 */
public final class ChildHealthMapping {

  public static final String CHILD = "child";
  public static final String SCREENING = "newborn-screening";
  public static final String CHECKUP = "checkup";

  private final RegistrySource source;
  private final ResourceIds ids;
  private final SourceProvenance provenance;
  private final Organization organization;

  public ChildHealthMapping(RegistrySource source, ResourceIds ids) {
    this.source = source;
    this.ids = ids;
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(source.code(), source.name());
  }

  public MappedRecord mapChild(ChildRow row) {
    SourceKey key = source.key(CHILD, Rules.requireText(row.childId(), "Child number"));
    Rules.require(row.birthDate(), "Child's birth date");
    AdministrativeGender gender = AdministrativeGender.fromCode(source.codes().require("sex", row.sex()).getCode());
    Identifier residentId = People.residentId(row.residentId(), row.birthDate(), gender);
    var child = People.patient(ids.id(key, "Patient"),
        new Identifier().setSystem(source.numberSystem("child-no")).setValue(row.childId()),
        residentId, row.name(), gender, row.birthDate());
    if (row.birthCertNo() != null && !row.birthCertNo().isBlank()) {
      child.addIdentifier().setSystem(FhirSystems.BIRTH_CERTIFICATE).setValue(row.birthCertNo().strip());
    }
    List<Resource> resources = new ArrayList<>();
    resources.add(child);
    if (row.motherName() != null || row.motherIdNo() != null) {
      resources.add(People.related(ids.id(key, "RelatedPerson", "mother"), "Patient/" + child.getIdElement().getIdPart(),
          "MTH", "mother", People.residentId(row.motherIdNo(), null, AdministrativeGender.FEMALE),
          row.motherName(), AdministrativeGender.FEMALE));
    }
    return provenance.attach(new MappedRecord(key, resources), organization, SourceStamps.require(row.updatedAt()));
  }

  public MappedRecord mapScreening(NewbornScreeningRow row) {
    SourceKey key = source.key(SCREENING, Rules.requireText(row.screeningId(), "Screening number"));
    Rules.requireText(row.childId(), "Screening's child number");
    Rules.require(row.screeningDate(), "Screening date");
    List<Resource> resources = new ArrayList<>();
    List<QualityIssue> issues = new ArrayList<>();
    Reference child = childReference(row.childId());
    screen(key, "pku", concept(FhirSystems.MCH_OBSERVATION, "newborn-screen-pku", "Newborn screening for phenylketonuria"),
        row.pku(), child, row.screeningDate(), resources, issues);
    screen(key, "hypothyroidism", concept(FhirSystems.MCH_OBSERVATION, "newborn-screen-congenital-hypothyroidism",
        "Newborn screening for congenital hypothyroidism"), row.hypothyroidism(), child, row.screeningDate(), resources, issues);
    screen(key, "hearing-left", concept(FhirSystems.LOINC, "54109-4", "Newborn hearing screen of Ear - left"),
        row.hearingLeft(), child, row.screeningDate(), resources, issues);
    screen(key, "hearing-right", concept(FhirSystems.LOINC, "54108-6", "Newborn hearing screen of Ear - right"),
        row.hearingRight(), child, row.screeningDate(), resources, issues);
    screen(key, "cchd", concept(FhirSystems.LOINC, "73700-7", "CCHD newborn screening interpretation"),
        row.cchd(), child, row.screeningDate(), resources, issues);
    return provenance.attach(new MappedRecord(key, resources, issues), organization, SourceStamps.require(row.updatedAt()));
  }

  public MappedRecord mapCheckup(CheckupRow row) {
    SourceKey key = source.key(CHECKUP, Rules.requireText(row.checkupId(), "Check-up number"));
    Rules.requireText(row.childId(), "Check-up's child number");
    Rules.require(row.checkupDate(), "Check-up date");
    Rules.requireRange(row.ageMonths(), 0, 84, "Age in months");
    Rules.requireRange(row.heightCm(), 30, 150, "Height");
    Rules.requireRange(row.weightKg(), 1, 60, "Weight");
    Rules.requireRange(row.headCircCm(), 25, 60, "Head circumference");
    Reference child = childReference(row.childId());
    Encounter encounter = new Encounter();
    encounter.setId(ids.id(key, "Encounter"));
    encounter.addIdentifier().setSystem(source.numberSystem("checkup-no")).setValue(row.checkupId());
    encounter.setStatus(EncounterStatus.FINISHED);
    encounter.setClass_(new Coding(FhirSystems.V3_ACT_CODE, "AMB", "ambulatory"));
    encounter.addType(concept(FhirSystems.MCH_ENCOUNTER_TYPE, "child-checkup", "Child health check-up"));
    encounter.setSubject(child);
    encounter.setPeriod(new Period().setStartElement(day(row.checkupDate())).setEndElement(day(row.checkupDate())));
    encounter.setServiceProvider(FhirElements.reference(organization));
    Reference encounterRef = FhirElements.reference(encounter);
    List<Resource> resources = new ArrayList<>();
    List<QualityIssue> issues = new ArrayList<>();
    resources.add(encounter);
    if (row.heightCm() != null) {
      resources.add(measure(key, "height", FhirSystems.VITAL_SIGNS_BODY_HEIGHT_PROFILE,
          concept(FhirSystems.LOINC, "8302-2", "Body height"), row.heightCm(), "cm", child, encounterRef, row));
    }
    if (row.weightKg() != null) {
      resources.add(measure(key, "weight", FhirSystems.VITAL_SIGNS_BODY_WEIGHT_PROFILE,
          concept(FhirSystems.LOINC, "29463-7", "Body weight"), row.weightKg(), "kg", child, encounterRef, row));
    }
    if (row.headCircCm() != null) {
      resources.add(measure(key, "head-circumference", FhirSystems.VITAL_SIGNS_HEAD_CIRCUMFERENCE_PROFILE,
          concept(FhirSystems.LOINC, "9843-4", "Head Occipital-frontal circumference"), row.headCircCm(), "cm", child, encounterRef, row));
    }
    screen(key, "vision", concept(FhirSystems.MCH_OBSERVATION, "vision-screening", "Child vision screening"),
        row.vision(), child, row.checkupDate(), resources, issues);
    screen(key, "development", concept(FhirSystems.MCH_OBSERVATION, "development-screening", "Child development and autism screening"),
        row.development(), child, row.checkupDate(), resources, issues);
    for (Resource r : resources) {
      if (r instanceof Observation o && !o.hasEncounter()) {
        o.setEncounter(encounterRef);
      }
    }
    return provenance.attach(new MappedRecord(key, resources, issues), organization, SourceStamps.require(row.updatedAt()));
  }

  private Reference childReference(String childId) {
    return FhirElements.reference("Patient", ids.id(source.key(CHILD, childId), "Patient"));
  }

  /** A screening result, when recorded; an unknown result is kept as the source's code. */
  private void screen(SourceKey key, String part, CodeableConcept code, String result, Reference child,
      java.time.LocalDate date, List<Resource> resources, List<QualityIssue> issues) {
    if (result == null || result.isBlank()) {
      return;
    }
    Optional<Coding> standard = source.codes().translate("screening-result", result);
    CodeableConcept value = new CodeableConcept();
    standard.ifPresent(value::addCoding);
    value.addCoding(source.codes().local("screening-result", result));
    if (standard.isEmpty()) {
      issues.add(new QualityIssue(RejectReason.UNKNOWN_CODE.name(), "screening-result"));
    }
    resources.add(observation(key, part, "survey", code, value, child, date));
  }

  private Observation measure(SourceKey key, String part, String profile, CodeableConcept code, BigDecimal value,
      String unit, Reference child, Reference encounter, CheckupRow row) {
    Observation observation = observation(key, part, "vital-signs", code, FhirElements.quantity(value, unit), child, row.checkupDate());
    observation.getMeta().addProfile(profile);
    observation.setEncounter(encounter);
    return observation;
  }

  private Observation observation(SourceKey key, String part, String category, CodeableConcept code, Type value,
      Reference child, java.time.LocalDate date) {
    Observation observation = new Observation();
    observation.setId(ids.id(key, "Observation", part));
    observation.setStatus(ObservationStatus.FINAL);
    observation.addCategory(concept(FhirSystems.OBSERVATION_CATEGORY, category,
        category.equals("vital-signs") ? "Vital Signs" : "Survey"));
    observation.setCode(code);
    observation.setSubject(child);
    observation.setEffective(day(date));
    observation.setValue(value);
    return observation;
  }
}
