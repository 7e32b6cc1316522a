package cn.mch.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the FHIR endpoint ({@code mch.fhir.*}); every one has a default.
 *
 * @param path servlet path of the FHIR base, e.g. {@code /fhir}
 * @param defaultPageSize search page size when the client asks for none
 * @param maxPageSize largest page a client may ask for
 * @param placeholderReferenceTargets create a placeholder for a reference to a resource not yet
 *     written (a visit that arrives before its patient), filled in when the resource arrives
 * @param validation validate every written resource against base R4 and the platform's profiles
 *     (as declared in its {@code meta.profile}); a resource with errors is refused with 422
 * @param validationMemory how many resources validated without errors a node remembers (by a hash
 *     of their JSON) so that a Bundle entry with the same JSON is not validated again; 0 validates
 *     every entry every time
 * @param ingestKey the secret the platform's own ingest sends with its writes (header {@code
 *     X-MCH-Ingest-Key}, at least 32 characters); the server does not validate those writes again
 *     (their mappings' output is validated by the tests). Unset: every write is validated
 * @param massIngestion HAPI's mass ingestion mode: an update does not parse the stored version
 *     first and leaves the tags and security labels of a resource that has some unchanged; for a
 *     first backfill into an empty store, not for running updates
 * @param linkageWorkers threads that link source Patients into person records side by side (at
 *     least one); clusters that share no record are written at the same time. One by default: on
 *     two cores a second worker takes its CPU from the ingest (see {@code docs/benchmarks.md})
 */
@ConfigurationProperties("mch.fhir")
public record FhirServerProperties(
    @DefaultValue("/fhir") String path,
    @DefaultValue("20") int defaultPageSize,
    @DefaultValue("500") int maxPageSize,
    @DefaultValue("true") boolean placeholderReferenceTargets,
    @DefaultValue("true") boolean validation,
    @DefaultValue("200000") long validationMemory,
    @DefaultValue("") String ingestKey,
    @DefaultValue("false") boolean massIngestion,
    @DefaultValue("1") int linkageWorkers) {

  @Override
  public String toString() {
    // The ingest key is a secret.
    return "FhirServerProperties[path=" + path + ", defaultPageSize=" + defaultPageSize + ", maxPageSize=" + maxPageSize
        + ", placeholderReferenceTargets=" + placeholderReferenceTargets + ", validation=" + validation
        + ", validationMemory=" + validationMemory + ", ingestKey=" + (ingestKey.isBlank() ? "unset" : "set")
        + ", massIngestion=" + massIngestion + ", linkageWorkers=" + linkageWorkers + "]";
  }

  /** The servlet mapping for {@link #path()}, e.g. {@code /fhir/*}. */
  String servletMapping() {
    String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return base + "/*";
  }
}
