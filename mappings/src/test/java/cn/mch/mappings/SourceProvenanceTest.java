package cn.mch.mappings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class SourceProvenanceTest {

  private final SourceProvenance provenance = new SourceProvenance(GoldenFiles.IDS);
  private final Organization hospital = provenance.organization("hospital-a", "市妇幼保健院");

  private static MappedRecord visit(String visitNo) {
    Encounter encounter = new Encounter();
    encounter.setId("enc" + visitNo);
    Observation observation = new Observation();
    observation.setId("obs" + visitNo);
    return new MappedRecord(new SourceKey("hospital-a", "prenatal-visit", visitNo), List.of(encounter, observation));
  }

  @Test
  void provenanceTargetsEveryResourceAndNamesTheSourceRecord() {
    MappedRecord attached = provenance.attach(visit("V1"), hospital, Instant.parse("2024-03-01T01:30:00Z"));

    Provenance p = (Provenance) attached.resources().get(attached.resources().size() - 1);
    // Provenance.target
    assertEquals(List.of("Encounter/encV1", "Observation/obsV1"), p.getTarget().stream().map(r -> r.getReference()).toList());
    // Provenance.agent.who: the hospital
    assertEquals("Organization/" + hospital.getIdElement().getIdPart(), p.getAgentFirstRep().getWho().getReference());
    // Provenance.entity.what: the record's key in the source system
    assertEquals("V1", p.getEntityFirstRep().getWhat().getIdentifier().getValue());
    assertEquals(FhirSystems.sourceIdentifier("hospital-a", "prenatal-visit"), p.getEntityFirstRep().getWhat().getIdentifier().getSystem());
    assertEquals("2024-03-01T01:30:00.000+00:00", p.getRecordedElement().getValueAsString());
    for (Resource resource : List.of(p, hospital)) {
      assertEquals(List.of(), Validation.errors(resource));
    }
  }

  @Test
  void aSharedOrganizationIsWrittenOncePerTransaction() {
    Instant t = Instant.parse("2024-03-01T01:30:00Z");
    Bundle bundle =
        TransactionBundles.upsert(List.of(provenance.attach(visit("V1"), hospital, t), provenance.attach(visit("V2"), hospital, t)));

    assertEquals(1, bundle.getEntry().stream().filter(e -> e.getResource() instanceof Organization).count());
    assertEquals(2 * 3 + 1, bundle.getEntry().size());
  }
}
