package cn.mch.mappings;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Resource;

/** Builds the transaction Bundles written to the FHIR server. */
public final class TransactionBundles {

  /**
   * The request header with which the platform's ingest sends the FHIR server's ingest key: the
   * server does not validate such a transaction again (it is the mappings' output).
   */
  public static final String INGEST_KEY_HEADER = "X-MCH-Ingest-Key";

  private TransactionBundles() {}

  /**
   * One transaction that upserts ({@code PUT} by id) every resource of every record. A resource
   * several records share (their source Organization) is written once: a transaction may not name
   * a resource twice. Each entry's fullUrl is the resource's URL under the platform's base, so
   * relative references between entries resolve within the Bundle, as validators require.
   */
  public static Bundle upsert(Collection<MappedRecord> records) {
    Bundle bundle = new Bundle();
    bundle.setType(BundleType.TRANSACTION);
    Set<String> written = new HashSet<>();
    for (MappedRecord record : records) {
      for (Resource resource : record.resources()) {
        String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        if (!written.add(url)) {
          continue;
        }
        bundle
            .addEntry()
            .setFullUrl(FhirSystems.PLATFORM_BASE + "/" + url)
            .setResource(resource)
            .getRequest()
            .setMethod(HTTPVerb.PUT)
            .setUrl(url);
      }
    }
    return bundle;
  }
}
