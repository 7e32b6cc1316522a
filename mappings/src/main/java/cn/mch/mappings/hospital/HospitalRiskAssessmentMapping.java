package cn.mch.mappings.hospital;

import static cn.mch.mappings.FhirElements.concept;
import static cn.mch.mappings.FhirElements.day;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.Rules;
import cn.mch.mappings.SecurityLabels;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.SourceProvenance;
import cn.mch.mappings.SourceStamps;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;

/**
 * Pregnancy risk assessment → one Observation per colour (profile mch-pregnancy-risk-colour), each
 * dated; purple beside another colour is a second Observation, labelled restricted. Each risk
 * factor becomes a Condition of the pregnancy's woman, one per distinct factor of the booking, so
 * the same factor named by several assessments is one Condition.
 */
public final class HospitalRiskAssessmentMapping {

  public static final String PROFILE = FhirSystems.PLATFORM_BASE + "/StructureDefinition/mch-pregnancy-risk-colour";
  public static final String COLOUR_SYSTEM = FhirSystems.PLATFORM_BASE + "/CodeSystem/pregnancy-risk-colour";

  private final HospitalSource hospital;
  private final HospitalReferences refs;
  private final SourceProvenance provenance;
  private final Organization organization;

  public HospitalRiskAssessmentMapping(HospitalSource hospital, ResourceIds ids) {
    this.hospital = hospital;
    this.refs = new HospitalReferences(hospital, ids);
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(hospital.code(), hospital.name());
  }

  public MappedRecord map(HospitalRiskAssessmentRow row) {
    SourceKey key = hospital.key(HospitalSource.RISK_ASSESSMENT, Rules.requireText(row.assessmentNo(), "Assessment number"));
    Rules.requireText(row.bookingNo(), "Assessment's booking number");
    Rules.requireText(row.patientNo(), "Assessment's patient number");
    Rules.require(row.assessDate(), "Assessment date");
    Coding colour = hospital.codes().require("risk-colour", row.colour());
    List<Resource> resources = new ArrayList<>();
    resources.add(colour(key, row, colour, "colour"));
    if (Boolean.TRUE.equals(row.infectious()) && !"purple".equals(colour.getCode())) {
      resources.add(colour(key, row, hospital.codes().require("risk-colour", purpleCode()), "purple"));
    }
    for (String factor : factors(row.factors())) {
      resources.add(factor(row, factor));
    }
    return provenance.attach(new MappedRecord(key, resources), organization, SourceStamps.require(row.updatedAt()));
  }

  private Observation colour(SourceKey key, HospitalRiskAssessmentRow row, Coding colour, String part) {
    Observation observation = new Observation();
    observation.setId(refs.id(key, "Observation", part));
    observation.getMeta().addProfile(PROFILE);
    if ("purple".equals(colour.getCode())) {
      SecurityLabels.restricted(observation);
    }
    observation.setStatus(ObservationStatus.FINAL);
    observation.addCategory(concept(FhirSystems.OBSERVATION_CATEGORY, "survey", "Survey"));
    observation.setCode(concept(FhirSystems.MCH_OBSERVATION, "pregnancy-risk-colour", "Pregnancy risk colour"));
    observation.setSubject(refs.patient(row.patientNo()));
    observation.setEffective(day(row.assessDate()));
    observation.setValue(concept(colour));
    observation.addExtension(FhirSystems.WORKFLOW_EPISODE_OF_CARE, refs.episode(row.bookingNo()));
    return observation;
  }

  /** One Condition per distinct factor of the booking, whichever assessment names it. */
  private Condition factor(HospitalRiskAssessmentRow row, String factor) {
    Condition condition = new Condition();
    condition.setId(refs.id(hospital.key(HospitalSource.BOOKING, row.bookingNo()), "Condition", "risk-factor:" + factor));
    condition.setClinicalStatus(concept(FhirSystems.CONDITION_CLINICAL, "active", "Active"));
    condition.setVerificationStatus(concept(FhirSystems.CONDITION_VERIFICATION, "confirmed", "Confirmed"));
    condition.addCategory(concept(FhirSystems.CONDITION_CATEGORY, "problem-list-item", "Problem List Item"));
    condition.getCode().setText(factor);
    condition.setSubject(refs.patient(row.patientNo()));
    condition.addExtension(FhirSystems.WORKFLOW_EPISODE_OF_CARE, refs.episode(row.bookingNo()));
    return condition;
  }

  /** The hospital's local code of purple: the code map's source code whose target is purple. */
  private String purpleCode() {
    return hospital.codes().localCodeOf("risk-colour", COLOUR_SYSTEM, "purple");
  }

  /** Distinct factors, in order, from {@code ;}-separated text. */
  static List<String> factors(String text) {
    if (text == null) {
      return List.of();
    }
    return java.util.Arrays.stream(text.split(";")).map(String::strip).filter(f -> !f.isEmpty()).distinct().toList();
  }
}
