package cn.mch.server;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import cn.mch.mappings.terminology.Conformance;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stores the platform's conformance resources (profiles, CodeSystems, ValueSets, ConceptMaps from
 * {@code fhir/conformance/} of the mappings library) when the server starts, each by its own id:
 * an unchanged file is a no-op, a changed one a new version. Runs before the server reports ready,
 * so no write is validated without them.
 */
@Component
class ConformanceLoader {

  private static final Logger log = LoggerFactory.getLogger(ConformanceLoader.class);

  private final DaoRegistry daos;
  private final ISearchParamRegistry searchParameters;

  ConformanceLoader(DaoRegistry daos, ISearchParamRegistry searchParameters) {
    this.daos = daos;
    this.searchParameters = searchParameters;
  }

  @EventListener(ApplicationReadyEvent.class)
  void load() {
    int changed = 0;
    var all = Conformance.all();
    for (Resource resource : all) {
      @SuppressWarnings("unchecked")
      IFhirResourceDao<Resource> dao = (IFhirResourceDao<Resource>) daos.getResourceDao(resource.fhirType());
      var outcome = dao.update(resource, new SystemRequestDetails());
      if (!outcome.isNop()) {
        changed++;
      }
    }
    // Our SearchParameters index writes from now on, not after the registry's next refresh.
    searchParameters.forceRefresh();
    log.info("Conformance resources: {} on file, {} stored or changed", all.size(), changed);
  }
}
