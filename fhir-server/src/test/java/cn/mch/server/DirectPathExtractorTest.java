package cn.mch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.searchparam.extractor.BaseSearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.extractor.SearchParamExtractorR4;
import ca.uhn.fhir.rest.server.util.FhirContextSearchParamRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DirectPathExtractor} against HAPI's own R4 extractor, on every resource the mappings'
 * golden tests expect (all the kinds of resource the platform writes): the same values for each
 * path, the same index rows of each kind.
 */
class DirectPathExtractorTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final Path GOLDEN = Path.of("..", "mappings", "src", "test", "resources", "golden");

  private static List<IBaseResource> resources;

  @BeforeAll
  static void readGoldenResources() throws Exception {
    resources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(GOLDEN)) {
      for (Path file : files.filter(f -> f.getFileName().toString().equals("expected.json")).sorted().toList()) {
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(file));
        bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource)
            .forEach(e -> resources.add(e.getResource()));
      }
    }
    assertTrue(resources.size() > 100, "golden resources found: " + resources.size());
  }

  private static <T extends BaseSearchParamExtractor> T started(T extractor, JpaStorageSettings settings) {
    extractor.setContext(FHIR);
    extractor.setStorageSettings(settings);
    extractor.setPartitionSettings(new PartitionSettings());
    extractor.setSearchParamRegistry(new FhirContextSearchParamRegistry(FHIR));
    extractor.start();
    return extractor;
  }

  @Test
  void everyPathGivesTheValuesHapisFhirPathGives() throws Exception {
    SearchParamExtractorR4 hapi = started(new SearchParamExtractorR4(), new JpaStorageSettings());
    DirectPathExtractor direct = started(new DirectPathExtractor(), new JpaStorageSettings());
    int walked = 0;
    int values = 0;
    for (IBaseResource resource : resources) {
      for (RuntimeSearchParam parameter : FHIR.getResourceDefinition(resource).getSearchParams()) {
        for (String path : hapi.split(parameter.getPath() == null ? "" : parameter.getPath())) {
          path = path.trim();
          if (path.isEmpty()) {
            continue;
          }
          List<? extends IBase> expected = hapi.getPathValueExtractor(resource, path).get();
          List<? extends IBase> actual = direct.getPathValueExtractor(resource, path).get();
          assertEquals(expected.size(), actual.size(), resource.fhirType() + " " + path);
          for (int i = 0; i < expected.size(); i++) {
            String at = resource.fhirType() + " " + path + " [" + i + "]";
            if (DirectPathExtractor.namesOnly(path)) {
              assertSame(expected.get(i), actual.get(i), at);
            } else { // both through FHIRPath, which may give copies
              assertTrue(((Base) expected.get(i)).equalsDeep((Base) actual.get(i)), at);
            }
          }
          if (DirectPathExtractor.namesOnly(path)) {
            walked++;
            values += actual.size();
          }
        }
      }
    }
    assertTrue(walked > 1000, "paths walked directly: " + walked);
    assertTrue(values > 300, "values found by them: " + values);
  }

  @Test
  void everyKindOfIndexRowIsTheSameAsHapis() {
    SearchParamExtractorR4 hapi = started(new SearchParamExtractorR4(), new JpaStorageSettings());
    DirectPathExtractor direct = started(new DirectPathExtractor(), new JpaStorageSettings());
    List<Function<BaseSearchParamExtractor, Function<IBaseResource, Set<?>>>> kinds = List.of(
        e -> r -> new HashSet<>(e.extractSearchParamTokens(r)),
        e -> r -> new HashSet<>(e.extractSearchParamStrings(r)),
        e -> r -> new HashSet<>(e.extractSearchParamDates(r)),
        e -> r -> new HashSet<>(e.extractSearchParamQuantity(r)),
        e -> r -> new HashSet<>(e.extractSearchParamNumber(r)),
        e -> r -> new HashSet<>(e.extractSearchParamUri(r)),
        e -> r -> new HashSet<>(e.extractSearchParamSpecial(r, ISearchParamExtractor.ALL_PARAMS)),
        e -> r -> new HashSet<>(e.extractResourceLinks(r, false).stream().map(Object::toString).toList()));
    int rows = 0;
    for (IBaseResource resource : resources) {
      for (var kind : kinds) {
        Set<?> expected = kind.apply(hapi).apply(resource);
        assertEquals(expected, kind.apply(direct).apply(resource), resource.fhirType() + "/" + resource.getIdElement().getIdPart());
        rows += expected.size();
      }
    }
    assertTrue(rows > 1000, "index rows compared: " + rows);
  }

  @Test
  void onlyPathsOfElementNamesFromTheResourceAreWalked() {
    assertTrue(DirectPathExtractor.namesOnly("Observation.code"));
    assertTrue(DirectPathExtractor.namesOnly("Patient.name.family"));
    assertTrue(DirectPathExtractor.namesOnly("Resource.meta.profile"));
    assertFalse(DirectPathExtractor.namesOnly("Observation.subject.where(resolve() is Patient)"));
    assertFalse(DirectPathExtractor.namesOnly("(Observation.value as Quantity)"));
    assertFalse(DirectPathExtractor.namesOnly("Observation.component.value.ofType(Quantity)"));
    assertFalse(DirectPathExtractor.namesOnly("Patient.extension('http://example.org/x').value"));
    assertFalse(DirectPathExtractor.namesOnly("Observation"));
    assertFalse(DirectPathExtractor.namesOnly("Resource.id"), "FHIRPath gives a copy holding the id part");

    DirectPathExtractor direct = started(new DirectPathExtractor(), new JpaStorageSettings());
    Patient patient = new Patient();
    patient.addName().setFamily("王");
    assertEquals(1, direct.getPathValueExtractor(patient, "Patient.name.family").get().size());
    assertTrue(direct.getPathValueExtractor(patient, "DomainResource.text").get().isEmpty());
    patient.setId("p1");
    assertEquals(1, direct.getPathValueExtractor(patient, "Resource.id").get().size());
    // A path from another type selects nothing, as in FHIRPath (it goes to HAPI's engine).
    assertTrue(direct.getPathValueExtractor(patient, "Observation.code").get().isEmpty());
    assertTrue(direct.getPathValueExtractor(new Observation(), "Observation.code").get().isEmpty());
  }
}
