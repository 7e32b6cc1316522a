package cn.mch.mappings.hospital;

import static cn.mch.mappings.FhirElements.concept;
import static cn.mch.mappings.FhirElements.day;

import cn.mch.mappings.FhirElements;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappedRecord.QualityIssue;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.Rules;
import cn.mch.mappings.SecurityLabels;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.SourceProvenance;
import cn.mch.mappings.SourceStamps;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;

/**
 * Laboratory result → an Observation (category laboratory) coded by the hospital's code map: LOINC
 * for haemoglobin, fasting glucose, HIV, syphilis and hepatitis B surface antigen, the platform's
 * code for prenatal serum screening. Numbers become Quantities, qualitative results codes.
 * Infectious-disease results carry security labels. A test code the map does not know rejects
 * the record (the test is mandatory); an unknown qualitative result is kept as the hospital's own
 * code and counted as a data-quality issue.
 */
public final class HospitalLabResultMapping {

  /** Who may read what: the sensitivity of each infectious-disease test. */
  private static final Map<String, Consumer<Resource>> SENSITIVE =
      Map.of(
          "7918-6", SecurityLabels::hiv,
          "22587-0", SecurityLabels::sexuallyTransmitted,
          "5196-1", SecurityLabels::restricted);

  /** Plausible ranges of numeric results, by LOINC code. */
  private static final Map<String, double[]> RANGES =
      Map.of("718-7", new double[] {20, 250}, "14771-0", new double[] {0.5, 50});

  private final HospitalSource hospital;
  private final HospitalReferences refs;
  private final SourceProvenance provenance;
  private final Organization organization;

  public HospitalLabResultMapping(HospitalSource hospital, ResourceIds ids) {
    this.hospital = hospital;
    this.refs = new HospitalReferences(hospital, ids);
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(hospital.code(), hospital.name());
  }

  public MappedRecord map(HospitalLabResultRow row) {
    SourceKey key = hospital.key(HospitalSource.LAB_RESULT, Rules.requireText(row.resultNo(), "Result number"));
    Rules.requireText(row.patientNo(), "Result's patient number");
    Rules.require(row.reportDate(), "Report date");
    String value = Rules.requireText(row.resultValue(), "Result value");
    Coding test = hospital.codes().require("lab-item", row.itemCode());
    List<QualityIssue> issues = new ArrayList<>();

    Observation observation = new Observation();
    observation.setId(refs.id(key, "Observation"));
    Optional.ofNullable(SENSITIVE.get(test.getCode())).ifPresent(label -> label.accept(observation));
    observation.addIdentifier().setSystem(hospital.numberSystem("lab-result-no")).setValue(row.resultNo());
    observation.setStatus(ObservationStatus.FINAL);
    observation.addCategory(concept(FhirSystems.OBSERVATION_CATEGORY, "laboratory", "Laboratory"));
    observation.setCode(new CodeableConcept().addCoding(test).addCoding(hospital.codes().local("lab-item", row.itemCode())));
    observation.setSubject(refs.patient(row.patientNo()));
    observation.setEffective(day(row.reportDate()));
    BigDecimal number = number(value);
    if (number != null) {
      double[] range = RANGES.get(test.getCode());
      if (range != null) {
        Rules.requireRange(number, range[0], range[1], "Result of " + test.getCode());
      }
      Rules.requireText(row.unit(), "Unit of a numeric result");
      observation.setValue(FhirElements.quantity(number, row.unit().strip()));
    } else {
      Optional<Coding> result = hospital.codes().translate("lab-result", value);
      CodeableConcept concept = new CodeableConcept();
      result.ifPresent(concept::addCoding);
      concept.addCoding(hospital.codes().local("lab-result", value));
      if (result.isEmpty()) {
        issues.add(new QualityIssue(RejectReason.UNKNOWN_CODE.name(), "lab-result"));
      }
      observation.setValue(concept);
    }
    return provenance.attach(new MappedRecord(key, List.of(observation), issues), organization, SourceStamps.require(row.updatedAt()));
  }

  private static BigDecimal number(String value) {
    try {
      return new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
