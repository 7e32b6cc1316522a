package cn.mch.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.server.interceptor.RequestValidatingInterceptor;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import cn.mch.mappings.TransactionBundles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;

/**
 * Validation of every write (create, update, transaction) against base R4 and the profiles a
 * resource declares, with the server's own validation support: the platform's StructureDefinitions,
 * CodeSystems and ValueSets stored by {@link ConformanceLoader}. Errors refuse the request with
 * HTTP 422 and an OperationOutcome; warnings (e.g. LOINC codes the server has no copy of) do not.
 *
 * <p>A Bundle entry whose resource this node validated before without errors, byte for byte the
 * same JSON, is not validated again: the outcome depends only on the resource and the conformance
 * resources, which change only at a restart (this memory does not survive one). Ingest writes a
 * shared Organization or a mother's Patient in many transactions and a replay writes everything
 * again; validation was half of the server's work. The Bundle without those entries is validated;
 * if it fails, the Bundle as sent is validated again, so that errors name the entries as sent.
 * (Warnings about a Bundle that passes do not reach the client: HAPI adds them to a response only
 * when it is an OperationOutcome.)
 *
 * <p>A write that carries the ingest key ({@value #INGEST_KEY_HEADER}) comes from the platform's
 * own ingest: resources made by its mappings from source rows, whose output is validated against
 * the same profiles by the mapping tests and by the platform test that ingests a whole generated
 * population with this validation on; their code maps cannot name a code our CodeSystems lack.
 * Such a write is not validated again here; everything else is (hospitals' FHIR pushes, partners,
 * any other client). Without a configured key every write is validated.
 */
final class WriteValidation extends RequestValidatingInterceptor {

  /** The request header that carries the ingest key. */
  static final String INGEST_KEY_HEADER = TransactionBundles.INGEST_KEY_HEADER;
  /** The shortest ingest key accepted: a guessable key would let anyone skip validation. */
  static final int MIN_INGEST_KEY_LENGTH = 32;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final long remembered;
  private final FhirInstanceValidator validator;
  private final Cache<String, Boolean> validated;
  private final byte[] ingestKey;
  private final AtomicLong entriesNotValidatedAgain = new AtomicLong();
  private final AtomicLong ingestWrites = new AtomicLong();
  private volatile int profilesWarmedUp;

  private WriteValidation(long remembered, String ingestKey, FhirInstanceValidator validator) {
    this.remembered = remembered;
    this.validator = validator;
    this.validated = Caffeine.newBuilder().maximumSize(remembered).build();
    this.ingestKey = ingestKey.isBlank() ? null : ingestKey.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @param remembered how many validated resources (by a 32-byte hash of their JSON) to remember;
   *     0 validates every entry every time
   * @param ingestKey the secret the platform's own ingest sends; blank: every write is validated
   */
  static WriteValidation interceptor(IValidationSupport validationSupport, long remembered, String ingestKey) {
    if (!ingestKey.isBlank() && ingestKey.strip().length() < MIN_INGEST_KEY_LENGTH) {
      throw new IllegalArgumentException("mch.fhir.ingest-key must be at least " + MIN_INGEST_KEY_LENGTH
          + " characters (or unset: every write is validated)");
    }
    FhirInstanceValidator validator = new FhirInstanceValidator(validationSupport);
    // Best-practice advice (narrative, an Observation's performer) is not about the data's
    // validity. It came once per resource, and the validator compares each new message with every
    // message before it, so in a transaction of hundreds of entries those warnings cost much time.
    validator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
    WriteValidation interceptor = new WriteValidation(remembered, ingestKey.strip(), validator);
    interceptor.addValidatorModule(validator);
    interceptor.setFailOnSeverity(ResultSeverityEnum.ERROR);
    interceptor.setAddResponseHeaderOnSeverity(null);
    interceptor.setAddValidationResultsToResponseOperationOutcome(true);
    return interceptor;
  }

  /**
   * Validates, once, a transaction Bundle with an empty resource of each profile in {@code
   * conformance} that constrains a resource type, declaring that profile, and ignores the outcome.
   * The first validation of a node loads base R4's definitions and builds the profiles' snapshots:
   * several seconds (over ten on a loaded 2-core machine, where a client's default 10 s read timeout
   * ran out). Run once the conformance resources are stored and before the server reports ready, so
   * that no client's first write pays for it.
   *
   * @return the profiles validated
   */
  int warmUp(FhirContext fhir, List<? extends Resource> conformance) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    int profiles = 0;
    for (Resource resource : conformance) {
      if (resource instanceof StructureDefinition profile
          && profile.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
          && profile.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT) {
        IBaseResource empty = fhir.getResourceDefinition(profile.getType()).newInstance();
        empty.setId(profile.getType() + "/warm-up-" + ++profiles);
        empty.getMeta().addProfile(profile.getUrl());
        bundle.addEntry().setFullUrl(empty.getIdElement().getValue()).setResource((Resource) empty).getRequest()
            .setMethod(Bundle.HTTPVerb.PUT).setUrl(empty.getIdElement().getValue());
      }
    }
    FhirValidator warm = fhir.newValidator();
    warm.registerValidatorModule(validator);
    warm.validateWithResult(bundle);
    profilesWarmedUp = profiles;
    return profiles;
  }

  /** The profiles the last {@link #warmUp} validated an instance of; 0 before it ran. */
  int profilesWarmedUp() {
    return profilesWarmedUp;
  }

  /** Bundle entries since start that were not validated again (validated before, same JSON). */
  long entriesNotValidatedAgain() {
    return entriesNotValidatedAgain.get();
  }

  /** Writes since start that carried the ingest key and so were not validated here. */
  long ingestWrites() {
    return ingestWrites.get();
  }

  @Override
  protected ValidationResult validate(String request, RequestDetails details) {
    if (fromIngest(details)) {
      ingestWrites.incrementAndGet();
      return new ValidationResult(details.getFhirContext(), List.of());
    }
    JsonNode bundle = remembered > 0 ? bundleOf(request) : null;
    if (bundle == null || !(bundle.get("entry") instanceof ArrayNode entries)) {
      return super.validate(request, details);
    }
    ArrayNode kept = JSON.createArrayNode();
    List<String> keptHashes = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonNode resource = entries.get(i).get("resource");
      String hash = resource == null ? null : hash(resource.toString());
      if (hash != null && validated.getIfPresent(hash) != null) {
        continue;
      }
      kept.add(entries.get(i));
      if (hash != null) {
        keptHashes.add(hash);
      }
    }
    int skipped = entries.size() - kept.size();
    ValidationResult result;
    if (skipped == 0) {
      result = super.validate(request, details);
    } else {
      if (kept.isEmpty()) {
        ((ObjectNode) bundle).remove("entry"); // JSON FHIR has no empty arrays
      } else {
        ((ObjectNode) bundle).set("entry", kept);
      }
      try {
        result = super.validate(bundle.toString(), details);
      } catch (UnprocessableEntityException refused) {
        return super.validate(request, details);
      }
      entriesNotValidatedAgain.addAndGet(skipped);
    }
    keptHashes.forEach(hash -> validated.put(hash, Boolean.TRUE));
    return result;
  }

  private boolean fromIngest(RequestDetails details) {
    String sent = details.getHeader(INGEST_KEY_HEADER);
    // Constant time: how much of a guess matched must not show in the response time.
    return ingestKey != null && sent != null && MessageDigest.isEqual(ingestKey, sent.getBytes(StandardCharsets.UTF_8));
  }

  /** The request as a JSON tree when it is a JSON Bundle, else null. */
  private static JsonNode bundleOf(String request) {
    if (request == null || !request.stripLeading().startsWith("{")) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(request);
      return root instanceof ObjectNode && "Bundle".equals(root.path("resourceType").asText()) ? root : null;
    } catch (JsonProcessingException notJson) {
      return null; // the validator reports what is wrong with it
    }
  }

  private static String hash(String json) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
