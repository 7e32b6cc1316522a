package cn.mch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IAnonymousInterceptor;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import cn.mch.mappings.FhirSystems;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A search about one resource whose matches fit in one page is answered without being stored; one
 * with more, or one over many resources, is stored and paged as HAPI does ({@link OnePageSearches}).
 */
class OnePageSearchesIT {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  /** Observations of the first visit: more than one page of 10. */
  private static final int MANY = 23;

  @TempDir static Path dataDirectory;
  private static ConfigurableApplicationContext server;
  private static IGenericClient client;
  private static DataSource dataSource;

  @BeforeAll
  static void start() {
    server = new SpringApplicationBuilder(FhirServerApplication.class)
        .run("--server.port=0", "--mch.embedded-postgres.data-directory=" + dataDirectory.resolve("postgres"),
            "--mch.fhir.validation=false"); // searches are what this tests; its LOINC codes are not in a terminology here
    int port = ((WebServerApplicationContext) server).getWebServer().getPort();
    client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
    dataSource = server.getBean(DataSource.class);
    Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (String visit : List.of("many-visit", "ten-visit", "one-visit")) {
      Encounter encounter = new Encounter();
      encounter.setId(visit);
      encounter.setStatus(Encounter.EncounterStatus.FINISHED);
      encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null));
      put(transaction, encounter);
    }
    for (int i = 0; i < MANY; i++) {
      put(transaction, observation("many-" + i, "8480-6", "Encounter/many-visit"));
    }
    for (int i = 0; i < 10; i++) {
      put(transaction, observation("ten-" + i, "8462-4", "Encounter/ten-visit"));
    }
    put(transaction, observation("one-with-visit", "29463-7", "Encounter/one-visit"));
    client.transaction().withBundle(transaction).execute();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aSearchThatFitsInOnePageIsAnsweredWithoutBeingStored() throws Exception {
    long stored = storedSearches();
    Bundle found = search("Observation?encounter=Encounter/ten-visit&_count=10");
    assertEquals(10, found.getEntry().size());
    assertEquals(10, found.getTotal());
    assertNull(found.getLink(Bundle.LINK_NEXT), "one page, no next");
    assertEquals(ids("ten-", 10), idsOf(found));
    // No _count: the server's default page (20) holds all ten.
    Bundle byDefault = search("Observation?encounter=Encounter/ten-visit");
    assertEquals(10, byDefault.getEntry().size());
    assertEquals(10, byDefault.getTotal());
    Bundle none = search("Observation?encounter=Encounter/one-visit&code=" + FhirSystems.LOINC + "|0000-0");
    assertEquals(0, none.getEntry().size());
    assertEquals(0, none.getTotal());
    assertEquals(stored, storedSearches(), "searches stored for paging");
  }

  @Test
  void aSearchOfMorePagesIsStoredAndPagedToTheEnd() throws Exception {
    long stored = storedSearches();
    Bundle page = search("Observation?encounter=Encounter/many-visit&_count=10");
    assertEquals(10, page.getEntry().size());
    assertNotNull(page.getLink(Bundle.LINK_NEXT), "a next page");
    Set<String> all = new HashSet<>();
    int pages = 0;
    while (true) {
      pages++;
      for (var entry : page.getEntry()) {
        assertTrue(all.add(entry.getResource().getIdElement().getIdPart()), "each match once");
      }
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      page = client.loadPage().next(page).execute();
    }
    assertEquals(3, pages);
    assertEquals(ids("many-", MANY), all);
    assertEquals(stored + 1, storedSearches(), "the search stored once, for its pages");
  }

  @Test
  void includedResourcesComeWithTheMatchesAndAreNotCounted() throws Exception {
    long stored = storedSearches();
    Bundle found = search("Observation?encounter=Encounter/one-visit&_include=Observation:encounter");
    assertEquals(1, found.getTotal(), "matches only");
    List<String> kinds = new ArrayList<>();
    for (var entry : found.getEntry()) {
      kinds.add(entry.getResource().fhirType() + "/" + entry.getResource().getIdElement().getIdPart()
          + " " + entry.getSearch().getMode().toCode());
    }
    assertEquals(List.of("Observation/one-with-visit match", "Encounter/one-visit include"), kinds);
    assertEquals(stored, storedSearches());
  }

  @Test
  void searchesOverManyResourcesPagesOfOneAndTotalsAreStoredAsHapiDoes() throws Exception {
    long stored = storedSearches();
    // No single resource named: an analyst's kind of search, stored even when it fits in a page.
    Bundle byCode = search("Observation?code=" + FhirSystems.LOINC + "|8462-4&_count=10");
    assertEquals(10, byCode.getEntry().size());
    assertEquals(stored + 1, storedSearches());
    // A page of one ("the latest"): usually more matches than the page.
    Bundle latest = search("Observation?encounter=Encounter/ten-visit&_count=1");
    assertEquals(1, latest.getEntry().size());
    assertNotNull(latest.getLink(Bundle.LINK_NEXT));
    assertEquals(stored + 2, storedSearches());
    Bundle counted = search("Observation?encounter=Encounter/ten-visit&_total=accurate");
    assertEquals(10, counted.getTotal());
    assertEquals(stored + 3, storedSearches());
    Bundle count = search("Observation?encounter=Encounter/many-visit&_summary=count");
    assertEquals(MANY, count.getTotal());
    assertEquals(0, count.getEntry().size());
  }

  @Test
  void whileAnInterceptorMayWithholdFoundResourcesHapiStoresTheSearch() throws Exception {
    IInterceptorService interceptors = server.getBean(IInterceptorService.class);
    // A consent or authorisation interceptor would mark here the found resources not to return.
    IAnonymousInterceptor withholding = (pointcut, params) -> { };
    interceptors.registerAnonymousInterceptor(Pointcut.STORAGE_PREACCESS_RESOURCES, withholding);
    try {
      long stored = storedSearches();
      assertEquals(10, search("Observation?encounter=Encounter/ten-visit&_count=10").getEntry().size());
      assertEquals(stored + 1, storedSearches());
    } finally {
      interceptors.unregisterInterceptor(withholding);
    }
    long stored = storedSearches();
    search("Observation?encounter=Encounter/ten-visit&_count=10");
    assertEquals(stored, storedSearches(), "once it is gone");
  }

  @Test
  void aSearchIsAboutOneResourceWhenItNamesOne() {
    assertTrue(OnePageSearches.aboutOne("Patient", new SearchParameterMap()), "a search for people");
    assertTrue(OnePageSearches.aboutOne("Observation",
        SearchParameterMap.newSynchronous("subject", new ReferenceParam("Patient/p1"))));
    assertTrue(OnePageSearches.aboutOne("Encounter",
        SearchParameterMap.newSynchronous("identifier", new TokenParam("urn:x", "1"))));
    assertFalse(OnePageSearches.aboutOne("Observation",
        SearchParameterMap.newSynchronous("subject", new ReferenceParam("organization", "Organization/o1"))), "a chain");
    assertFalse(OnePageSearches.aboutOne("Observation",
        SearchParameterMap.newSynchronous("subject", new ReferenceParam().setMissing(true))), ":missing");
    SearchParameterMap two = new SearchParameterMap();
    two.add("subject", new ReferenceOrListParam().addOr(new ReferenceParam("Patient/p1")).addOr(new ReferenceParam("Patient/p2")));
    assertFalse(OnePageSearches.aboutOne("Observation", two), "either of two");
    assertFalse(OnePageSearches.aboutOne("Observation",
        SearchParameterMap.newSynchronous("code", new TokenParam(FhirSystems.LOINC, "8462-4"))));
  }

  /**
   * A search, {@code no-cache}: HAPI would otherwise answer a search repeated within a minute from
   * the one it stored, and a search not stored again would prove nothing.
   */
  private static Bundle search(String url) {
    return client.search().byUrl(url).cacheControl(new CacheControlDirective().setNoCache(true))
        .returnBundle(Bundle.class).execute();
  }

  private static Set<String> ids(String prefix, int n) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < n; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }

  private static Set<String> idsOf(Bundle bundle) {
    Set<String> ids = new HashSet<>();
    bundle.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
    return ids;
  }

  private static void put(Bundle transaction, org.hl7.fhir.r4.model.Resource resource) {
    transaction.addEntry().setResource(resource).getRequest()
        .setMethod(Bundle.HTTPVerb.PUT).setUrl(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
  }

  private static Observation observation(String id, String code, String encounter) {
    Observation observation = new Observation();
    observation.setId(id);
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.setCode(new CodeableConcept().addCoding(new Coding(FhirSystems.LOINC, code, null)));
    observation.setEncounter(new Reference(encounter));
    return observation;
  }

  private static long storedSearches() throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("select count(*) from hfj_search")) {
      count.next();
      return count.getLong(1);
    }
  }
}
