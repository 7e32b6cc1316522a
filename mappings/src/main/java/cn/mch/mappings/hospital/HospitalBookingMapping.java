package cn.mch.mappings.hospital;

import static cn.mch.mappings.FhirElements.concept;
import static cn.mch.mappings.FhirElements.day;

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
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Pregnancy booking (建册) → the pregnancy's EpisodeOfCare, from booking to 42 days after delivery
 * (finished once the delivery is known), and the booking's facts as Observations: LMP (8665-2),
 * EDD (11778-8), gravida (11996-6) and parity (11977-6), each when recorded. Prenatal, delivery and
 * postpartum Encounters of the hospital point to the episode.
 */
public final class HospitalBookingMapping {

  /** The postpartum period the episode covers after delivery (产后42天). */
  public static final int POSTPARTUM_DAYS = 42;

  private final HospitalSource hospital;
  private final HospitalReferences refs;
  private final SourceProvenance provenance;
  private final Organization organization;

  public HospitalBookingMapping(HospitalSource hospital, ResourceIds ids) {
    this.hospital = hospital;
    this.refs = new HospitalReferences(hospital, ids);
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(hospital.code(), hospital.name());
  }

  public MappedRecord map(HospitalBookingRow row) {
    SourceKey key = hospital.key(HospitalSource.BOOKING, Rules.requireText(row.bookingNo(), "Booking number"));
    Rules.requireText(row.patientNo(), "Booking's patient number");
    Rules.require(row.bookingDate(), "Booking date");
    Rules.requireRange(row.gravida(), 1, 30, "Gravida");
    Rules.requireRange(row.parity(), 0, 20, "Parity");
    if (row.lmp() != null && row.lmp().isAfter(row.bookingDate())) {
      throw new MappingException(RejectReason.VALUE_OUT_OF_RANGE, "Last menstrual period is after the booking");
    }
    List<Resource> resources = new ArrayList<>();
    resources.add(episode(key, row));
    if (row.lmp() != null) {
      resources.add(fact(key, row, "lmp", concept(FhirSystems.LOINC, "8665-2", "Last menstrual period start date"), day(row.lmp())));
    }
    if (row.edd() != null) {
      resources.add(fact(key, row, "edd", concept(FhirSystems.LOINC, "11778-8", "Delivery date Estimated"), day(row.edd())));
    }
    if (row.gravida() != null) {
      resources.add(fact(key, row, "gravida", concept(FhirSystems.LOINC, "11996-6", "[#] Pregnancies"), new IntegerType(row.gravida())));
    }
    if (row.parity() != null) {
      resources.add(fact(key, row, "parity", concept(FhirSystems.LOINC, "11977-6", "[#] Parity"), new IntegerType(row.parity())));
    }
    return provenance.attach(new MappedRecord(key, resources), organization, SourceStamps.require(row.updatedAt()));
  }

  public EpisodeOfCare episode(SourceKey key, HospitalBookingRow row) {
    EpisodeOfCare episode = new EpisodeOfCare();
    episode.setId(refs.id(key, "EpisodeOfCare"));
    episode.addIdentifier().setSystem(hospital.numberSystem("booking-no")).setValue(row.bookingNo());
    Period period = new Period().setStartElement(day(row.bookingDate()));
    if (row.deliveryDate() != null) {
      episode.setStatus(EpisodeOfCareStatus.FINISHED);
      period.setEndElement(day(row.deliveryDate().plusDays(POSTPARTUM_DAYS)));
    } else {
      episode.setStatus(EpisodeOfCareStatus.ACTIVE);
    }
    episode.addType(concept(FhirSystems.SNOMED, "424525001", "Antenatal care"));
    episode.setPatient(refs.patient(row.patientNo()));
    episode.setManagingOrganization(FhirElements.reference(organization));
    episode.setPeriod(period);
    return episode;
  }

  private Observation fact(SourceKey key, HospitalBookingRow row, String part, CodeableConcept code, Type value) {
    Observation observation = new Observation();
    observation.setId(refs.id(key, "Observation", part));
    observation.setStatus(ObservationStatus.FINAL);
    observation.addCategory(concept(FhirSystems.OBSERVATION_CATEGORY, "social-history", "Social History"));
    observation.setCode(code);
    observation.setSubject(refs.patient(row.patientNo()));
    observation.setEffective(day(row.bookingDate()));
    observation.setValue(value);
    return observation;
  }
}
