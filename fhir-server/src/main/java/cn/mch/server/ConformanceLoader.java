package cn.mch.server;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import cn.mch.mappings.terminology.Conformance;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stores the platform's conformance resources (profiles, CodeSystems, ValueSets, ConceptMaps from
 * {@code fhir/conformance/} of the mappings library) when the server starts, each by its own id:
 * an unchanged file is a no-op, a changed one a new version. Runs before the server reports ready,
 * so no write is validated without them; then warms write validation up (see {@link
 * WriteValidation#warmUp}).
 *
 * <p>A new or changed SearchParameter makes HAPI reindex every stored resource of its types, as a
 * background job. When none is stored yet (a new platform) there is nothing to reindex, and such a
 * job only costs: it starts a while later and then reindexes what was written in between. So a
 * SearchParameter whose types have nothing stored is written without it.
 */
@Component
class ConformanceLoader {

  private static final Logger log = LoggerFactory.getLogger(ConformanceLoader.class);

  private final DaoRegistry daos;
  private final ISearchParamRegistry searchParameters;
  private final ObjectProvider<WriteValidation> writeValidation;

  ConformanceLoader(DaoRegistry daos, ISearchParamRegistry searchParameters,
      ObjectProvider<WriteValidation> writeValidation) {
    this.daos = daos;
    this.searchParameters = searchParameters;
    this.writeValidation = writeValidation;
  }

  @EventListener(ApplicationReadyEvent.class)
  void load() {
    int changed = 0;
    var all = Conformance.all();
    for (Resource resource : all) {
      @SuppressWarnings("unchecked")
      IFhirResourceDao<Resource> dao = (IFhirResourceDao<Resource>) daos.getResourceDao(resource.fhirType());
      SystemRequestDetails request = new SystemRequestDetails();
      if (resource instanceof SearchParameter parameter && !reindexNeeded(parameter)) {
        request.getUserData().put(JpaConstants.SKIP_REINDEX_ON_UPDATE, Boolean.TRUE);
      }
      var outcome = dao.update(resource, request);
      if (!outcome.isNop()) {
        changed++;
      }
    }
    // Our SearchParameters index writes from now on, not after the registry's next refresh.
    searchParameters.forceRefresh();
    log.info("Conformance resources: {} on file, {} stored or changed", all.size(), changed);
    writeValidation.ifAvailable(validation -> {
      long started = System.nanoTime();
      int profiles = validation.warmUp(daos.getSystemDao().getContext(), all);
      log.info("Write validation warmed up with {} profiles in {} ms", profiles, (System.nanoTime() - started) / 1_000_000);
    });
  }

  /** Whether a resource of any type {@code parameter} indexes is stored (or it applies to all types). */
  boolean reindexNeeded(SearchParameter parameter) {
    for (CodeType base : parameter.getBase()) {
      if (!daos.isResourceTypeSupported(base.getCode())) {
        return true; // Resource, DomainResource: any type; HAPI decides
      }
      SearchParameterMap any = SearchParameterMap.newSynchronous();
      any.setLoadSynchronousUpTo(1);
      any.setCount(1);
      var found = daos.getResourceDao(base.getCode()).search(any, new SystemRequestDetails());
      if (!found.isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
