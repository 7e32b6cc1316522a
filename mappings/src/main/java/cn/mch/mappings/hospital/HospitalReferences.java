package cn.mch.mappings.hospital;

import cn.mch.mappings.FhirElements;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.SourceKey;
import org.hl7.fhir.r4.model.Reference;

/**
 * Ids of one hospital's resources and references to them: every mapping of the hospital derives
 * them from the same source keys, so a reference made by one record's mapping names the resource
 * another record's mapping writes.
 */
final class HospitalReferences {

  private final HospitalSource hospital;
  private final ResourceIds ids;

  HospitalReferences(HospitalSource hospital, ResourceIds ids) {
    this.hospital = hospital;
    this.ids = ids;
  }

  String id(String entity, String localId, String type) {
    return ids.id(hospital.key(entity, localId), type);
  }

  String id(SourceKey key, String type) {
    return ids.id(key, type);
  }

  String id(SourceKey key, String type, String part) {
    return ids.id(key, type, part);
  }

  Reference patient(String patientNo) {
    return FhirElements.reference("Patient", id(HospitalSource.PATIENT, patientNo, "Patient"));
  }

  /** The EpisodeOfCare of the pregnancy booked under {@code bookingNo}. */
  Reference episode(String bookingNo) {
    return FhirElements.reference("EpisodeOfCare", id(HospitalSource.BOOKING, bookingNo, "EpisodeOfCare"));
  }

  /** The mother's delivery admission. */
  Reference deliveryEncounter(String deliveryNo) {
    return FhirElements.reference("Encounter", id(HospitalSource.DELIVERY, deliveryNo, "Encounter"));
  }

  /** The child born as {@code newbornNo}. */
  Reference newborn(String newbornNo) {
    return FhirElements.reference("Patient", id(HospitalSource.NEWBORN, newbornNo, "Patient"));
  }
}
