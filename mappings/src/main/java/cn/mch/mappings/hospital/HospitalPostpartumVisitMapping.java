package cn.mch.mappings.hospital;

import static cn.mch.mappings.FhirElements.concept;
import static cn.mch.mappings.FhirElements.day;

import cn.mch.mappings.FhirElements;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappedRecord;
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
 * Postpartum home visit (产后访视) → a home-health Encounter of the mother, in the pregnancy's
 * EpisodeOfCare when booked.
 */
public final class HospitalPostpartumVisitMapping {

  private final HospitalSource hospital;
  private final HospitalReferences refs;
  private final SourceProvenance provenance;
  private final Organization organization;

  public HospitalPostpartumVisitMapping(HospitalSource hospital, ResourceIds ids) {
    this.hospital = hospital;
    this.refs = new HospitalReferences(hospital, ids);
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(hospital.code(), hospital.name());
  }

  public MappedRecord map(HospitalPostpartumVisitRow row) {
    SourceKey key = hospital.key(HospitalSource.POSTPARTUM_VISIT, Rules.requireText(row.visitNo(), "Visit number"));
    Rules.requireText(row.deliveryNo(), "Visit's delivery number");
    Rules.requireText(row.patientNo(), "Visit's patient number");
    Rules.require(row.visitDate(), "Visit date");
    Encounter encounter = new Encounter();
    encounter.setId(refs.id(key, "Encounter"));
    encounter.addIdentifier().setSystem(hospital.numberSystem("postpartum-visit-no")).setValue(row.visitNo());
    encounter.setStatus(EncounterStatus.FINISHED);
    encounter.setClass_(new Coding(FhirSystems.V3_ACT_CODE, "HH", "home health"));
    encounter.addType(concept(FhirSystems.MCH_ENCOUNTER_TYPE, "postpartum-visit", "Postpartum home visit"));
    encounter.setSubject(refs.patient(row.patientNo()));
    if (row.bookingNo() != null && !row.bookingNo().isBlank()) {
      encounter.addEpisodeOfCare(refs.episode(row.bookingNo()));
    }
    encounter.setPeriod(new Period().setStartElement(day(row.visitDate())).setEndElement(day(row.visitDate())));
    encounter.setServiceProvider(FhirElements.reference(organization));
    return provenance.attach(new MappedRecord(key, List.of(encounter)), organization, SourceStamps.require(row.updatedAt()));
  }
}
