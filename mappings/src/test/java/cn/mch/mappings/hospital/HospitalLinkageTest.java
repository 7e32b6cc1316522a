package cn.mch.mappings.hospital;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.GoldenFiles;
import cn.mch.mappings.MappedRecord;
import java.time.Instant;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Mother-child and pregnancy linkage: references one record's mapping makes name exactly the
 * resources other records' mappings write.
 */
class HospitalLinkageTest {

  private static final HospitalSource B = new HospitalSource("hospital-b", "区人民医院");
  private static final Instant T = Instant.parse("2024-09-03T01:00:00Z");

  private static <T extends Resource> T first(MappedRecord record, Class<T> type) {
    return record.resources().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  private static String id(Resource resource) {
    return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
  }

  @Test
  void newbornLinksToItsMothersPatientAndHerDeliveryAdmission() {
    MappedRecord mother = new HospitalPatientMapping(B, GoldenFiles.IDS).map(
        new HospitalPatientRow("B1", "欧阳丽娜", "330106199005060020", LocalDate.of(1990, 5, 6), "2", null, T));
    MappedRecord delivery = new HospitalDeliveryMapping(B, GoldenFiles.IDS).map(
        new HospitalDeliveryRow("B1G1D", "B1G1", "B1", LocalDate.of(2024, 9, 1), null, T, 39, 2, "02", 300, null, T));
    MappedRecord newborn = new HospitalNewbornMapping(B, GoldenFiles.IDS).map(
        new HospitalNewbornRow("B1G1D1", "B1G1D", "B1", null, null, 1, "1", T, 3200, 50, 9, 10, T));

    RelatedPerson motherOfChild = first(newborn, RelatedPerson.class);
    Encounter birth = first(newborn, Encounter.class);
    Encounter admission = first(delivery, Encounter.class);
    assertEquals(id(first(mother, org.hl7.fhir.r4.model.Patient.class)),
        ((Reference) motherOfChild.getExtensionByUrl(FhirSystems.MCH_RELATED_PATIENT).getValue()).getReference());
    assertEquals(id(first(newborn, org.hl7.fhir.r4.model.Patient.class)), motherOfChild.getPatient().getReference());
    assertEquals(id(admission), birth.getPartOf().getReference());
    assertEquals("in-progress", admission.getStatus().toCode(), "not discharged yet");
  }

  @Test
  void visitsDeliveryAndPostpartumVisitBelongToTheBookingsEpisodeOfCare() {
    MappedRecord booking = new HospitalBookingMapping(B, GoldenFiles.IDS).map(new HospitalBookingRow(
        "B1G1", "B1", LocalDate.of(2024, 1, 20), LocalDate.of(2023, 11, 26), LocalDate.of(2024, 9, 1), 1, 0, LocalDate.of(2024, 9, 1), T));
    MappedRecord visit = new HospitalPrenatalVisitMapping(B, GoldenFiles.IDS).map(new HospitalPrenatalVisitRow(
        "B1G1V1", "B1", "B1G1", LocalDate.of(2024, 2, 1), 9, 110, 70, null, null, null, T));
    MappedRecord delivery = new HospitalDeliveryMapping(B, GoldenFiles.IDS).map(
        new HospitalDeliveryRow("B1G1D", "B1G1", "B1", LocalDate.of(2024, 9, 1), LocalDate.of(2024, 9, 5), T, 39, 2, "01", 300, null, T));
    MappedRecord postpartum = new HospitalPostpartumVisitMapping(B, GoldenFiles.IDS).map(
        new HospitalPostpartumVisitRow("B1G1DF1", "B1G1D", "B1", "B1G1", LocalDate.of(2024, 9, 10), T));

    var episode = first(booking, org.hl7.fhir.r4.model.EpisodeOfCare.class);
    assertEquals("finished", episode.getStatus().toCode());
    assertEquals("2024-10-13", episode.getPeriod().getEndElement().getValueAsString(), "42 days after delivery");
    for (MappedRecord record : new MappedRecord[] {visit, delivery, postpartum}) {
      assertEquals(id(episode), first(record, Encounter.class).getEpisodeOfCareFirstRep().getReference());
    }
  }
}
