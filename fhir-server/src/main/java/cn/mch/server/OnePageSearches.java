package cn.mch.server;

import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.svc.ISearchCoordinatorSvc;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.util.CompositeInterceptorBroadcaster;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * A search about one resource whose matches fit in one page is answered in the request thread,
 * without storing it.
 *
 * <p>HAPI stores every search a client sends (unless it says {@code Cache-Control: no-store}) so
 * that its next pages can be fetched: a row in {@code hfj_search}, one per match in {@code
 * hfj_search_result}, and the status updates, in transactions of a search thread that the request
 * waits for. Most of the platform's searches are about one woman or one of her records: her Patient
 * by resident ID or name, her visits ({@code Encounter?patient=...}), a pregnancy's encounters. They
 * fit in one page, whose next page nobody will ask for. Such a search (one on Patient, or one
 * naming a single resource: {@code _id}, {@code identifier}, or a reference parameter with one
 * value and no chain) with a page of two or more is first run as HAPI's synchronous search,
 * fetching one match more than the page holds. When all matches fit in the page that is the answer:
 * the same Bundle, {@code total} included, and no next link, as there is no next page. When there
 * are more, the search is registered again as HAPI would have, stored, and paged as before, at the
 * cost of one bounded query more; that is why searches over many people (an analyst's
 * district and year, a chain) and pages of one (a "latest" search, whose matches are usually more)
 * go straight to HAPI.
 *
 * <p>Also left to HAPI as they are: searches that are synchronous already ({@code no-store},
 * {@code _offset}, the server's own searches), {@code $everything}, {@code _summary=count} and
 * {@code _total}; every search while an interceptor may withhold found resources ({@code
 * STORAGE_PREACCESS_RESOURCES}: consent, authorisation), as a page would then look complete while
 * matches past the fetched ones remain; and pages larger than HAPI lets a synchronous search fetch
 * ({@link JpaStorageSettings#getCacheControlNoStoreMaxResultsUpperLimit()}). Hooks on a search
 * ({@code STORAGE_PRESEARCH_REGISTERED}, {@code STORAGE_PRESHOW_RESOURCES}) see a search of more
 * than one page twice, the first time with at most one page and one match of it; they must give
 * the same answer both times (the platform's name normalising does).
 * {@code mch.fhir.one-page-searches=false} turns this off.
 */
@SuppressWarnings("rawtypes")
final class OnePageSearches<T extends IResourcePersistentId> implements ISearchCoordinatorSvc<T> {

  /** HAPI's bean that this wraps. */
  static final String BEAN = "searchCoordinatorSvc";

  private final ISearchCoordinatorSvc<T> hapi;
  private final JpaStorageSettings settings;
  private final IInterceptorBroadcaster interceptors;

  OnePageSearches(ISearchCoordinatorSvc<T> hapi, JpaStorageSettings settings, IInterceptorBroadcaster interceptors) {
    this.hapi = hapi;
    this.settings = settings;
    this.interceptors = interceptors;
  }

  /**
   * Wraps HAPI's search coordinator as Spring makes it. The storage settings and HAPI's storage
   * interceptors are looked up then, not when this post-processor is made (before most beans).
   */
  static BeanPostProcessor wrapping(ObjectProvider<JpaStorageSettings> settings,
      ObjectProvider<IInterceptorService> interceptors) {
    return new BeanPostProcessor() {
      @Override
      @SuppressWarnings("unchecked")
      public Object postProcessAfterInitialization(Object bean, String name) {
        return BEAN.equals(name) && bean instanceof ISearchCoordinatorSvc hapi
            ? new OnePageSearches(hapi, settings.getObject(), interceptors.getObject()) : bean;
      }
    };
  }

  @Override
  public IBundleProvider registerSearch(IFhirResourceDao<?> dao, SearchParameterMap params, String resourceType,
      CacheControlDirective cacheControl, RequestDetails request) {
    Integer page = aboutOne(resourceType, params) ? onePage(params, cacheControl, request) : null;
    if (page == null) {
      return hapi.registerSearch(dao, params, resourceType, cacheControl, request);
    }
    SearchParameterMap attempt = params.clone();
    attempt.setCount(page + 1); // one more than the page: whether there is a next page
    CacheControlDirective synchronous = new CacheControlDirective().setNoStore(true).setMaxResults(page + 1);
    IBundleProvider found = hapi.registerSearch(dao, attempt, resourceType, synchronous, request);
    Integer size = found.size(); // the matches (not the _include'd); null when HAPI stopped at the limit
    if (size != null && size <= page) {
      return found;
    }
    return hapi.registerSearch(dao, params, resourceType, cacheControl, request);
  }

  /** The page a client's search is answered with, or null to leave the search to HAPI. */
  private Integer onePage(SearchParameterMap params, CacheControlDirective cacheControl, RequestDetails request) {
    if (!(request instanceof ServletRequestDetails) || request.getServer() == null
        || request.getServer().getPagingProvider() == null) {
      return null;
    }
    if ((cacheControl != null && cacheControl.isNoStore()) || params.isLoadSynchronous() || params.isOffsetQuery()
        || params.getEverythingMode() != null || params.getSummaryMode() == SummaryEnum.COUNT || params.getSearchTotalMode() != null
        || params.getLoadSynchronousUpTo() != null) {
      return null;
    }
    // An interceptor that may withhold found resources (consent, authorisation) would make a page
    // look complete while matches past the fetched ones remain: HAPI's stored search handles that.
    // HAPI's composite of its storage interceptors and the request's, as its search coordinator calls them.
    if (CompositeInterceptorBroadcaster.newCompositeBroadcaster(interceptors, request)
        .hasHooks(Pointcut.STORAGE_PREACCESS_RESOURCES)) {
      return null;
    }
    IPagingProvider paging = request.getServer().getPagingProvider();
    int page = params.getCount() == null ? paging.getDefaultPageSize() : Math.min(params.getCount(), paging.getMaximumPageSize());
    if (page < 2 || page + 1 > settings.getCacheControlNoStoreMaxResultsUpperLimit()) {
      return null;
    }
    return page;
  }

  /** Whether a search is about one resource: a search for people, or one naming a single resource. */
  static boolean aboutOne(String resourceType, SearchParameterMap params) {
    if ("Patient".equals(resourceType)) {
      return true;
    }
    for (Map.Entry<String, List<List<IQueryParameterType>>> parameter : params.entrySet()) {
      if (parameter.getKey().equals("_id") || parameter.getKey().equals("identifier")) {
        return true;
      }
      for (List<IQueryParameterType> anyOf : parameter.getValue()) {
        if (anyOf.size() == 1 && anyOf.get(0) instanceof ReferenceParam reference
            && (reference.getChain() == null || reference.getChain().isEmpty()) && reference.getMissing() == null) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public void cancelAllActiveSearches() {
    hapi.cancelAllActiveSearches();
  }

  @Override
  public List<T> getResources(String uuid, int from, int to, RequestDetails request, RequestPartitionId partition) {
    return hapi.getResources(uuid, from, to, request, partition);
  }

  @Override
  public Optional<Integer> getSearchTotal(String uuid, RequestDetails request, RequestPartitionId partition) {
    return hapi.getSearchTotal(uuid, request, partition);
  }
}
