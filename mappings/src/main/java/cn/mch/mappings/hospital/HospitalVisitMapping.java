package cn.mch.mappings.hospital;

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
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;

/**
 * A visit announced by the hospital's admission feed → an Encounter of the patient: ambulatory for
 * an outpatient registration, inpatient for an admission, emergency; finished once discharged.
 */
public final class HospitalVisitMapping {

  public static final String VISIT = "visit";

  private final HospitalSource hospital;
  private final HospitalReferences refs;
  private final SourceProvenance provenance;
  private final Organization organization;

  public HospitalVisitMapping(HospitalSource hospital, ResourceIds ids) {
    this.hospital = hospital;
    this.refs = new HospitalReferences(hospital, ids);
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(hospital.code(), hospital.name());
  }

  public MappedRecord map(HospitalVisitRow row) {
    SourceKey key = hospital.key(VISIT, Rules.requireText(row.visitNo(), "Visit number"));
    Rules.requireText(row.patientNo(), "Visit's patient number");
    Rules.require(row.admittedAt(), "Visit start");
    if (row.dischargedAt() != null && row.dischargedAt().isBefore(row.admittedAt())) {
      throw new MappingException(RejectReason.VALUE_OUT_OF_RANGE, "The visit ends before it begins");
    }
    Encounter encounter = new Encounter();
    encounter.setId(refs.id(key, "Encounter"));
    encounter.addIdentifier().setSystem(hospital.visitNumberSystem()).setValue(row.visitNo());
    encounter.setStatus(row.dischargedAt() != null ? EncounterStatus.FINISHED : EncounterStatus.INPROGRESS);
    encounter.setClass_(switch (row.patientClass() == null ? "O" : row.patientClass()) {
      case "I" -> new Coding(FhirSystems.V3_ACT_CODE, "IMP", "inpatient encounter");
      case "E" -> new Coding(FhirSystems.V3_ACT_CODE, "EMER", "emergency");
      case "O", "P", "R" -> new Coding(FhirSystems.V3_ACT_CODE, "AMB", "ambulatory");
      default -> throw new MappingException(RejectReason.UNKNOWN_CODE, "Patient class (PV1-2) is not O, I, E, P or R");
    });
    encounter.setSubject(refs.patient(row.patientNo()));
    Period period = new Period().setStartElement(FhirElements.minute(row.admittedAt()));
    if (row.dischargedAt() != null) {
      period.setEndElement(FhirElements.minute(row.dischargedAt()));
    }
    encounter.setPeriod(period);
    encounter.setServiceProvider(FhirElements.reference(organization));
    return provenance.attach(new MappedRecord(key, List.of(encounter)), organization, SourceStamps.require(row.updatedAt()));
  }
}
