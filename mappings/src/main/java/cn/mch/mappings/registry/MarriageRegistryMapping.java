package cn.mch.mappings.registry;

import static cn.mch.mappings.FhirElements.concept;
import static cn.mch.mappings.FhirElements.day;

import cn.mch.mappings.FhirElements;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappedRecord.QualityIssue;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.Rules;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.SourceProvenance;
import cn.mch.mappings.SourceStamps;
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
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * Marriage registry → for each registration, both spouses as Patients and each as the other's
 * RelatedPerson (husband HUSB of the wife, wife WIFE of the husband), pointing to the other's
 * Patient; a divorce registration gives the same shape, the relation ended (inactive, period end).
 * Premarital examination → the examined person's Patient, the exam Encounter and its conclusion.
 * Linking these Patients to the same women at the hospitals is identity linkage's work.
 */
public final class MarriageRegistryMapping {

  public static final String MARRIAGE = "marriage";
  public static final String DIVORCE = "divorce";
  public static final String PREMARITAL_EXAM = "premarital-exam";

  private final RegistrySource source;
  private final ResourceIds ids;
  private final SourceProvenance provenance;
  private final Organization organization;

  public MarriageRegistryMapping(RegistrySource source, ResourceIds ids) {
    this.source = source;
    this.ids = ids;
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(source.code(), source.name());
  }

  /** The entity of a registration row: {@code marriage} (结婚) or {@code divorce} (离婚). */
  public static String entityOf(MarriageRegistrationRow row) {
    return "离婚".equals(row.regType() == null ? null : row.regType().strip()) ? DIVORCE : MARRIAGE;
  }

  public MappedRecord mapRegistration(MarriageRegistrationRow row) {
    String type = Rules.requireText(row.regType(), "Registration type").strip();
    if (!type.equals("结婚") && !type.equals("离婚")) {
      throw new MappingException(RejectReason.UNKNOWN_CODE, "Registration type is neither marriage nor divorce");
    }
    SourceKey key = source.key(entityOf(row), Rules.requireText(row.regNo(), "Registration number"));
    Rules.require(row.regDate(), "Registration date");
    Rules.requireText(row.femaleName(), "Wife's name");
    Rules.requireText(row.maleName(), "Husband's name");
    Identifier wifeId = People.residentId(Rules.requireText(row.femaleIdNo(), "Wife's resident ID"), null, AdministrativeGender.FEMALE);
    Identifier husbandId = People.residentId(Rules.requireText(row.maleIdNo(), "Husband's resident ID"), null, AdministrativeGender.MALE);
    Identifier number = new Identifier().setSystem(source.numberSystem(key.entity() + "-registration-no")).setValue(row.regNo());
    Patient wife = People.patient(ids.id(key, "Patient", "wife"), number.copy(), wifeId, row.femaleName(), AdministrativeGender.FEMALE, null);
    Patient husband = People.patient(ids.id(key, "Patient", "husband"), number.copy(), husbandId, row.maleName(), AdministrativeGender.MALE, null);
    RelatedPerson husbandOfWife = spouse(key, "husband", wife, husband, "HUSB", "husband", husbandId, row.maleName(), AdministrativeGender.MALE, row);
    RelatedPerson wifeOfHusband = spouse(key, "wife", husband, wife, "WIFE", "wife", wifeId, row.femaleName(), AdministrativeGender.FEMALE, row);
    return provenance.attach(new MappedRecord(key, List.of(wife, husband, husbandOfWife, wifeOfHusband)), organization,
        SourceStamps.require(row.updatedAt()));
  }

  private RelatedPerson spouse(SourceKey key, String part, Patient of, Patient is, String role, String display,
      Identifier residentId, String name, AdministrativeGender gender, MarriageRegistrationRow row) {
    RelatedPerson spouse = People.related(ids.id(key, "RelatedPerson", part), "Patient/" + of.getIdElement().getIdPart(),
        role, display, residentId.copy(), name, gender);
    spouse.addExtension(FhirSystems.MCH_RELATED_PATIENT, FhirElements.reference(is));
    if (key.entity().equals(DIVORCE)) {
      spouse.setActive(false);
      spouse.setPeriod(new Period().setEndElement(day(row.regDate())));
    } else {
      spouse.setPeriod(new Period().setStartElement(day(row.regDate())));
    }
    return spouse;
  }

  public MappedRecord mapExam(PremaritalExamRow row) {
    SourceKey key = source.key(PREMARITAL_EXAM, Rules.requireText(row.examNo(), "Exam number"));
    Rules.require(row.examDate(), "Exam date");
    Rules.requireText(row.personName(), "Examined person's name");
    AdministrativeGender gender = AdministrativeGender.fromCode(source.codes().require("sex", row.sex()).getCode());
    Identifier residentId = People.residentId(Rules.requireText(row.idNo(), "Examined person's resident ID"), null, gender);
    Patient person = People.patient(ids.id(key, "Patient"),
        new Identifier().setSystem(source.numberSystem("premarital-exam-no")).setValue(row.examNo()),
        residentId, row.personName(), gender, null);
    Encounter exam = new Encounter();
    exam.setId(ids.id(key, "Encounter"));
    exam.addIdentifier().setSystem(source.numberSystem("premarital-exam-no")).setValue(row.examNo());
    exam.setStatus(EncounterStatus.FINISHED);
    exam.setClass_(new Coding(FhirSystems.V3_ACT_CODE, "AMB", "ambulatory"));
    exam.addType(concept(FhirSystems.MCH_ENCOUNTER_TYPE, "premarital-exam", "Premarital medical examination"));
    exam.setSubject(FhirElements.reference(person));
    exam.setPeriod(new Period().setStartElement(day(row.examDate())).setEndElement(day(row.examDate())));
    if (row.institution() != null && !row.institution().isBlank()) {
      exam.getServiceProvider().setDisplay(row.institution().strip());
    }
    List<Resource> resources = new ArrayList<>(List.of(person, exam));
    List<QualityIssue> issues = new ArrayList<>();
    String result = Rules.requireText(row.result(), "Exam conclusion");
    Optional<Coding> standard = source.codes().translate("premarital-exam-result", result);
    CodeableConcept value = new CodeableConcept();
    standard.ifPresent(value::addCoding);
    value.addCoding(source.codes().local("premarital-exam-result", result));
    if (standard.isEmpty()) {
      issues.add(new QualityIssue(RejectReason.UNKNOWN_CODE.name(), "premarital-exam-result"));
    }
    Observation conclusion = new Observation();
    conclusion.setId(ids.id(key, "Observation", "conclusion"));
    conclusion.setStatus(ObservationStatus.FINAL);
    conclusion.addCategory(concept(FhirSystems.OBSERVATION_CATEGORY, "exam", "Exam"));
    conclusion.setCode(concept(FhirSystems.MCH_OBSERVATION, "premarital-exam-conclusion", "Conclusion of the premarital medical examination"));
    conclusion.setSubject(FhirElements.reference(person));
    conclusion.setEncounter(FhirElements.reference(exam));
    conclusion.setEffective(day(row.examDate()));
    conclusion.setValue(value);
    resources.add(conclusion);
    return provenance.attach(new MappedRecord(key, resources, issues), organization, SourceStamps.require(row.updatedAt()));
  }
}
