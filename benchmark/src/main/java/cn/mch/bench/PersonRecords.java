package cn.mch.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.api.SummaryEnum;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.identity.Persons;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

/**
 * How the stored source Patients are covered by person records, read through the FHIR API: when
 * linkage is done and right, every source Patient is linked by exactly one person record.
 */
record PersonRecords(int persons, int sourcePatients, int linkedOnce, int links) {

  private static final String PERSON = FhirSystems.MCH_TAG + "|" + Persons.PERSON_TAG;

  static PersonRecords read(String fhirBaseUrl) {
    IGenericClient fhir = FhirContext.forR4Cached().newRestfulGenericClient(fhirBaseUrl);
    int sources = fhir.search().byUrl("Patient?_tag:not=" + PERSON).summaryMode(SummaryEnum.COUNT)
        .returnBundle(Bundle.class).execute().getTotal();
    Set<String> linked = new HashSet<>();
    int persons = 0;
    int links = 0;
    Bundle page = fhir.search().byUrl("Patient?_tag=" + PERSON + "&_elements=link&_count=500")
        .returnBundle(Bundle.class).execute();
    while (true) {
      for (Bundle.BundleEntryComponent entry : page.getEntry()) {
        persons++;
        for (Patient.PatientLinkComponent link : ((Patient) entry.getResource()).getLink()) {
          links++;
          linked.add(link.getOther().getReference());
        }
      }
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      page = fhir.loadPage().next(page).execute();
    }
    return new PersonRecords(persons, sources, linked.size(), links);
  }

  /** Source Patients no person record links (placeholders never filled included). */
  int unlinked() {
    return sourcePatients - linkedOnce;
  }

  /** Links beyond the first to the same source Patient: records in two persons. */
  int linkedTwice() {
    return links - linkedOnce;
  }
}
