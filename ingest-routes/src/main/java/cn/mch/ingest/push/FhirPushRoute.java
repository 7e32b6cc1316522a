package cn.mch.ingest.push;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import cn.mch.ingest.Batch;
import cn.mch.ingest.Rejected;
import cn.mch.ingest.fhir.TransientWriteException;
import cn.mch.ingest.store.Watermark;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.push.PushedBundles;
import cn.mch.mappings.push.PushedBundles.BundleRefused;
import cn.mch.mappings.push.PushedBundles.EntryOutcome;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FHIR push endpoint: {@code POST /ingest/fhir/<hospital>} with a transaction or batch Bundle
 * (what the hospital's EMR exports). The Bundle is checked and made into platform records ({@link
 * PushedBundles}: deterministic ids, references rewritten, Provenance naming the sender), written
 * through the FHIR server (which validates it; person linkage follows), and only then answered:
 * 200 with a transaction-response or batch-response Bundle. Refused input gets a 4xx with an
 * OperationOutcome giving the reason code, and one dead letter holding the input (encrypted); a
 * FHIR server that is down gets 503 with Retry-After and records nothing, so the sender retries.
 */
public final class FhirPushRoute extends RouteBuilder {

  public static final String ROUTE_ID = "push-fhir";
  private static final Logger log = LoggerFactory.getLogger(FhirPushRoute.class);
  private static final String JSON = "application/fhir+json";

  private final int port;
  private final Map<String, String> senders;
  private final FhirContext fhir;
  private final PushedBundles bundles;
  private final RecordSink sink;

  /**
   * @param senders the hospitals that may push, code to name
   */
  public FhirPushRoute(int port, Map<String, String> senders, FhirContext fhir, ResourceIds ids, RecordSink sink) {
    this.port = port;
    this.senders = Map.copyOf(senders);
    this.fhir = fhir;
    this.bundles = new PushedBundles(fhir, ids);
    this.sink = sink;
  }

  @Override
  public void configure() {
    fromF("netty-http:http://0.0.0.0:%d/ingest/fhir?matchOnUriPrefix=true&httpMethodRestrict=POST", port)
        .routeId(ROUTE_ID)
        .process(this::handle).id(ROUTE_ID + "-handle");
  }

  private void handle(Exchange exchange) {
    String path = exchange.getIn().getHeader(Exchange.HTTP_PATH, "", String.class);
    String sender = path.replaceAll("^/+|/+$", "");
    byte[] body = exchange.getIn().getBody(byte[].class);
    Response response;
    try {
      response = push(sender, body == null ? new byte[0] : body);
    } catch (RuntimeException e) {
      // Never the input or its parse in an answer or a log: it holds personal data.
      log.error("{}: push from {} failed: {}", ROUTE_ID, sender, e.getClass().getName());
      response = outcome(500, "internal", "The push could not be handled; nothing was acknowledged. Send it again.");
    }
    exchange.getMessage().setBody(response.body());
    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, JSON);
    if (response.status() == 503) {
      exchange.getMessage().setHeader("Retry-After", "30");
    }
  }

  /**
   * An HTTP answer.
   *
   * @param complete whether everything pushed is now stored
   */
  public record Response(int status, String body, boolean complete) {
    Response(int status, String body) {
      this(status, body, false);
    }
  }

  /** Handles one push from {@code sender}: checks, writes, answers. */
  public Response push(String sender, byte[] body) {
    if (!senders.containsKey(sender)) {
      return outcome(404, "unknown-sender", "No hospital " + sender + " may push here; the path is /ingest/fhir/<hospital code>");
    }
    SourceKey contentKey = new SourceKey(sender, PushedBundles.BUNDLE_ENTITY,
        "sha256-" + ResourceIds.hashed(new String(body, StandardCharsets.ISO_8859_1)));
    Rejected.Payload payload = new Rejected.Payload(JSON, body);
    String text;
    try {
      text = StrictText.decode(body, 0, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      return refuse(400, new Rejected(contentKey, RejectReason.INVALID_ENCODING, "The body is not UTF-8", payload));
    }
    IBaseResource parsed;
    try {
      IParser parser = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
      parsed = parser.parseResource(text);
    } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
      return refuse(400, new Rejected(contentKey, RejectReason.UNPARSEABLE, "The body is not a FHIR R4 JSON resource: "
          + firstLine(e.getMessage()), payload));
    }
    if (!(parsed instanceof Bundle bundle)) {
      return refuse(400, new Rejected(contentKey, RejectReason.UNSUPPORTED_CONTENT,
          "The body is a " + parsed.fhirType() + "; push a transaction or batch Bundle", payload));
    }
    PushedBundles.Result result;
    try {
      result = bundles.map(sender, senders.get(sender), bundle, contentKey.localId());
    } catch (BundleRefused e) {
      return refuse(400, new Rejected(contentKey, e.reason(), e.getMessage(), payload));
    }
    boolean transaction = bundle.getType() == BundleType.TRANSACTION;
    List<Rejected> refused = new ArrayList<>();
    for (int i = 0; i < result.entries().size(); i++) {
      EntryOutcome entry = result.entries().get(i);
      if (!entry.accepted()) {
        if (transaction) {
          return refuse(400, new Rejected(result.bundleKey(), entry.reason(), entry.message(), payload));
        }
        SourceKey key = entry.key() != null ? entry.key() : new SourceKey(sender, "fhir-entry", result.bundleKey().localId() + "#" + i);
        refused.add(new Rejected(key, entry.reason(), entry.message(), entryPayload(bundle, i)));
      }
    }
    Batch written;
    try {
      Map<SourceKey, Rejected.Payload> payloads = new HashMap<>();
      payloads.put(result.bundleKey(), payload);
      for (int i = 0; i < result.entries().size(); i++) {
        if (result.entries().get(i).key() != null) {
          payloads.put(result.entries().get(i).key(), entryPayload(bundle, i));
        }
      }
      written = sink.deliver(ROUTE_ID, new Batch(result.entries().size(), result.records(), refused, Watermark.START),
          payloads::get);
    } catch (TransientWriteException e) {
      log.warn("{}: push from {} not written, the FHIR server is unavailable; answered 503", ROUTE_ID, sender);
      return outcome(503, "transient", "The FHIR server is unavailable; nothing was stored. Send the Bundle again later.");
    }
    Map<SourceKey, Rejected> rejected = new HashMap<>();
    written.rejected().forEach(r -> rejected.put(r.key(), r));
    log.info("{}: {} from {}: {} entries, {} records written, {} refused", ROUTE_ID, bundle.getType().toCode(), sender,
        result.entries().size(), written.mapped().size(), written.rejected().size());
    if (transaction) {
      Rejected whole = rejected.get(result.bundleKey());
      if (whole != null) {
        return outcome(422, whole.reason().name(), whole.message());
      }
    }
    return new Response(200, fhir.newJsonParser().encodeResourceToString(answer(bundle, result, rejected, refused)),
        rejected.isEmpty() && refused.isEmpty());
  }

  private Bundle answer(Bundle bundle, PushedBundles.Result result, Map<SourceKey, Rejected> rejected, List<Rejected> refused) {
    boolean transaction = bundle.getType() == BundleType.TRANSACTION;
    Bundle answer = new Bundle().setType(transaction ? BundleType.TRANSACTIONRESPONSE : BundleType.BATCHRESPONSE);
    int nextRefused = 0;
    for (EntryOutcome entry : result.entries()) {
      Bundle.BundleEntryResponseComponent response = answer.addEntry().getResponse();
      Rejected failed = entry.accepted() ? rejected.get(entry.key()) : refused.get(nextRefused++);
      if (failed == null) {
        response.setStatus("200 OK").setLocation(entry.reference());
      } else {
        response.setStatus((failed.reason() == RejectReason.FHIR_REJECTED ? "422" : "400") + " " + failed.reason().name());
        response.setOutcome(operationOutcome(failed.reason().name(), failed.message()));
      }
    }
    return answer;
  }

  private Rejected.Payload entryPayload(Bundle bundle, int index) {
    var resource = bundle.getEntry().get(index).getResource();
    String content = resource == null ? "{}" : fhir.newJsonParser().encodeResourceToString(resource);
    return new Rejected.Payload(JSON, content.getBytes(StandardCharsets.UTF_8));
  }

  private Response refuse(int status, Rejected rejected) {
    sink.deliver(ROUTE_ID, new Batch(0, List.<MappedRecord>of(), List.of(rejected), Watermark.START));
    return outcome(status, rejected.reason().name(), rejected.message());
  }

  private Response outcome(int status, String code, String message) {
    return new Response(status, fhir.newJsonParser().encodeResourceToString(operationOutcome(code, message)));
  }

  private static OperationOutcome operationOutcome(String code, String message) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(IssueType.INVALID)
        .setDiagnostics(code + ": " + message);
    return outcome;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) : line;
  }
}
