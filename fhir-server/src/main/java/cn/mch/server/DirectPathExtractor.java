package cn.mch.server;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParamComposite;
import ca.uhn.fhir.jpa.searchparam.extractor.SearchParamExtractorR4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DomainResource;

/**
 * HAPI's R4 search-parameter extractor with two shortcuts on the write path, both giving the same
 * index rows as HAPI's own (tested against it on every golden resource):
 *
 * <ul>
 *   <li>A path that only names elements ({@code Observation.code}, {@code Patient.name.family}) is
 *       walked element by element, the way FHIRPath's name navigation walks it, instead of through
 *       HAPI's FHIRPath engine. The engine looks up the resource type's StructureDefinition on each
 *       evaluation, which took about a third of its time in the M profile (docs/benchmarks.md).
 *       Every other path (functions, {@code as}, {@code where}, a type that is not the resource's)
 *       goes to HAPI's engine as before.
 *   <li>Composite parameters are not extracted while Hibernate Search does not index search
 *       parameters: HAPI's JPA store reads extracted composites only for that index, and searches
 *       composites through their components' own rows, which are extracted as before.
 * </ul>
 */
public class DirectPathExtractor extends SearchParamExtractorR4 {

  private static final Pattern ELEMENT_NAMES = Pattern.compile("[A-Z][A-Za-z]*(\\.[a-z][A-Za-z0-9]*)+");
  /** FHIRPath gives a resource's id as a copy holding only the id part; HAPI's engine keeps that. */
  private static final Pattern ID_STEP = Pattern.compile(".*\\.id(\\..*)?");
  private static final String[] NOT_DIRECT = new String[0];

  private final Map<String, String[]> steps = new ConcurrentHashMap<>();

  @Override
  public IValueExtractor getPathValueExtractor(IBase resource, String path) {
    String[] names = steps.computeIfAbsent(path, p -> namesOnly(p) ? p.split("\\.") : NOT_DIRECT);
    if (names == NOT_DIRECT || !(resource instanceof Base root) || !startsAt(root, names[0])) {
      return super.getPathValueExtractor(resource, path);
    }
    return () -> walk(root, names);
  }

  /** Whether a path (one of a parameter's paths, split at "|") only names elements. */
  static boolean namesOnly(String path) {
    return ELEMENT_NAMES.matcher(path).matches() && !ID_STEP.matcher(path).matches();
  }

  /** FHIRPath's first name selects the resource when it names the resource's type or a base of it. */
  private static boolean startsAt(Base root, String type) {
    return type.equals(root.fhirType())
        || type.equals("Resource")
        || (type.equals("DomainResource") && root instanceof DomainResource);
  }

  /** Each further name: the children of that name of every item so far, in order, nulls left out. */
  static List<Base> walk(Base root, String[] names) {
    List<Base> items = List.of(root);
    for (int i = 1; i < names.length && !items.isEmpty(); i++) {
      List<Base> children = new ArrayList<>();
      for (Base item : items) {
        Base[] found = item.listChildrenByName(names[i], false);
        if (found != null) {
          for (Base child : found) {
            if (child != null) {
              children.add(child);
            }
          }
        }
      }
      items = children;
    }
    return items;
  }

  @Override
  public SearchParamSet<ResourceIndexedSearchParamComposite> extractSearchParamComposites(
      IBaseResource resource, ISearchParamExtractor.ISearchParamFilter filter) {
    if (getStorageSettings() instanceof JpaStorageSettings settings && !settings.isHibernateSearchIndexSearchParams()) {
      return new SearchParamSet<>();
    }
    return super.extractSearchParamComposites(resource, filter);
  }
}
