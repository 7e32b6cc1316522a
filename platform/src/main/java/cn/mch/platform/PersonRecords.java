package cn.mch.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import cn.mch.mappings.identity.Persons;
import cn.mch.server.person.PersonLinkage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

/**
 * How the stored source Patients are covered by person records, read through the FHIR API: when
 * linkage is done and right, every source Patient is linked by exactly one person record.
 * Placeholders (a Patient referenced before its record arrived, or whose record was a dead letter)
 * are not source records and are counted apart.
 */
public record PersonRecords(int persons, int placeholders, int unlinked, int linkedTwice) {

  public static PersonRecords read(String fhirBaseUrl) {
    IGenericClient fhir = FhirContext.forR4Cached().newRestfulGenericClient(fhirBaseUrl);
    Set<String> sources = new HashSet<>();
    Map<String, Integer> links = new HashMap<>();
    int persons = 0;
    int placeholders = 0;
    Bundle page = fhir.search().byUrl("Patient?_elements=link,extension,meta&_count=500")
        .returnBundle(Bundle.class).execute();
    while (true) {
      for (Bundle.BundleEntryComponent entry : page.getEntry()) {
        Patient patient = (Patient) entry.getResource();
        if (Persons.isPerson(patient)) {
          persons++;
          patient.getLink().forEach(link -> links.merge(link.getOther().getReference(), 1, Integer::sum));
        } else if (PersonLinkage.isPlaceholder(patient)) {
          placeholders++;
        } else {
          sources.add("Patient/" + patient.getIdElement().getIdPart());
        }
      }
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      page = fhir.loadPage().next(page).execute();
    }
    int unlinked = (int) sources.stream().filter(id -> !links.containsKey(id)).count();
    int twice = (int) links.values().stream().filter(n -> n > 1).count();
    return new PersonRecords(persons, placeholders, unlinked, twice);
  }
}
