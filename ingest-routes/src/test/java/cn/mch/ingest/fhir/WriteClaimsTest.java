package cn.mch.ingest.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ca.uhn.fhir.context.FhirContext;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.TransactionBundles;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class WriteClaimsTest {

  @Test
  void aTransactionWaitsWhileAnotherInFlightMayCreateOneOfItsResources() throws Exception {
    WriteClaims claims = new WriteClaims();
    List<String> first = claims.claim(List.of("Patient/m1", "Observation/o1"));
    CompletableFuture<List<String>> second = CompletableFuture.supplyAsync(() -> {
      try {
        return claims.claim(List.of("Patient/m1", "Observation/o2"));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertWaiting(second);

    claims.release(first, Set.of("Patient/m1", "Observation/o1"));

    // Patient/m1 is stored now: the second transaction need not claim it.
    assertEquals(List.of("Observation/o2"), second.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aFailedTransactionLeavesItsResourcesToBeClaimedAgain() throws Exception {
    WriteClaims claims = new WriteClaims();
    List<String> first = claims.claim(List.of("Patient/m1"));
    CompletableFuture<List<String>> second = CompletableFuture.supplyAsync(() -> {
      try {
        return claims.claim(List.of("Patient/m1"));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertWaiting(second);

    claims.release(first, Set.of());

    assertEquals(List.of("Patient/m1"), second.get(10, TimeUnit.SECONDS));
  }

  @Test
  void transactionsWithNothingToCreateInCommonDoNotWait() throws Exception {
    WriteClaims claims = new WriteClaims();
    List<String> first = claims.claim(List.of("Organization/h1", "Observation/o1"));
    claims.release(first, Set.of("Organization/h1", "Observation/o1"));
    claims.claim(List.of("Observation/o2"));

    // Both name the hospital's Organization, stored already; neither waits for the other.
    assertEquals(List.of("Observation/o3"), claims.claim(List.of("Organization/h1", "Observation/o3")));
    assertEquals(List.of("Observation/o4"), claims.claim(List.of("Organization/h1", "Observation/o4")));
  }

  @Test
  void theIdsNamedMostRecentlyAreRememberedUpToTheBound() throws Exception {
    WriteClaims claims = new WriteClaims(3);
    claims.release(claims.claim(List.of("Organization/h1", "Patient/m1")), List.of("Organization/h1", "Patient/m1"));
    claims.release(claims.claim(List.of("Organization/h1", "Observation/o1")), List.of("Organization/h1", "Observation/o1"));
    claims.release(claims.claim(List.of("Observation/o2")), List.of("Observation/o2"));

    assertEquals(3, claims.remembered());
    assertEquals(List.of("Patient/m1"), claims.claim(List.of("Patient/m1")), "the least recently named is forgotten");
    assertEquals(List.of(), claims.claim(List.of("Organization/h1")), "named again and again, kept");
  }

  @Test
  void aTransactionNamesItsEntriesAndTheLocalTargetsOfTheirReferences() {
    Organization hospital = new Organization();
    hospital.setId("h1");
    Observation observation = new Observation();
    observation.setId("o1");
    observation.setSubject(new Reference("Patient/m1"));
    observation.addPerformer(new Reference("Organization/h1"));
    observation.addBasedOn(new Reference("http://elsewhere.example/fhir/ServiceRequest/s1"));
    observation.addPartOf(new Reference("#contained"));
    observation.addHasMember(new Reference().setDisplay("no reference, only a name"));
    Patient father = new Patient();
    father.setId("f1");
    father.addLink().setOther(new Reference("RelatedPerson/r1/_history/2"));
    var bundle = TransactionBundles.upsert(List.of(
        new MappedRecord(new SourceKey("s", "e", "k"), List.of(hospital, observation, father))));

    Set<String> named = FhirWriter.namedIds(FhirContext.forR4Cached(), bundle);

    assertEquals(Set.of("Organization/h1", "Observation/o1", "Patient/f1", "Patient/m1", "RelatedPerson/r1"), named);
    assertFalse(named.stream().anyMatch(id -> id.contains("http") || id.contains("#")));
  }

  private static void assertWaiting(CompletableFuture<?> claim) throws Exception {
    try {
      claim.get(300, TimeUnit.MILLISECONDS);
    } catch (TimeoutException expected) {
      assertFalse(claim.isDone(), "still waiting");
      return;
    }
    throw new AssertionError("the claim did not wait: " + claim.get());
  }
}
