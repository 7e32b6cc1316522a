package cn.mch.mappings.terminology;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Resource;

/**
 * The platform's conformance resources: profiles (StructureDefinition), CodeSystems, ValueSets and
 * the hospitals' ConceptMaps. They are data files under {@code fhir/conformance/} on the classpath,
 * listed in its {@code index.txt}; the FHIR server loads them at start-up and the mappings read
 * their code maps from them.
 */
public final class Conformance {

  public static final String FOLDER = "fhir/conformance/";
  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private Conformance() {}

  /** Every conformance resource, in index order. */
  public static List<Resource> all() {
    List<Resource> resources = new ArrayList<>();
    for (String line : read("index.txt").split("\n")) {
      String file = line.strip();
      if (!file.isEmpty() && !file.startsWith("#")) {
        resources.add((Resource) FHIR.newJsonParser().parseResource(read(file)));
      }
    }
    return resources;
  }

  /** The ConceptMap {@code ConceptMap-<id>.json}. */
  public static ConceptMap conceptMap(String id) {
    return FHIR.newJsonParser().parseResource(ConceptMap.class, read("ConceptMap-" + id + ".json"));
  }

  private static String read(String file) {
    try (InputStream in = Conformance.class.getClassLoader().getResourceAsStream(FOLDER + file)) {
      if (in == null) {
        throw new IllegalStateException("No conformance file " + FOLDER + file + " on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
