package cn.mch.ingest.push;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import cn.mch.ingest.Batch;
import cn.mch.ingest.Rejected;
import cn.mch.ingest.fhir.TransientWriteException;
import cn.mch.ingest.store.Watermark;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.hospital.HospitalLabResultMapping;
import cn.mch.mappings.hospital.HospitalLabResultRow;
import cn.mch.mappings.hospital.HospitalPatientMapping;
import cn.mch.mappings.hospital.HospitalPatientRow;
import cn.mch.mappings.hospital.HospitalPrenatalVisitMapping;
import cn.mch.mappings.hospital.HospitalPrenatalVisitRow;
import cn.mch.mappings.hospital.HospitalSource;
import cn.mch.mappings.hospital.HospitalVisitMapping;
import cn.mch.mappings.hospital.HospitalVisitRow;
import cn.mch.ingest.PolledEntity;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HL7 v2 over MLLP from the hospitals' interface engines: ADT^A01/A04/A08 and ORU^R01 ({@link
 * Hl7Messages}) made into the same rows and mappings as polled records, written, and only then
 * acknowledged:
 *
 * <ul>
 *   <li>{@code AA}: every row of the message is written;
 *   <li>{@code AE} with the reasons (MSA-3, ERR): the message, or some of its rows, were refused for
 *       their content (unreadable, unsupported type, bad field, unknown code, refused by the FHIR
 *       server); each refused row or message is one dead letter holding the message (encrypted);
 *       the rest is written. Sending it again changes nothing;
 *   <li>{@code AR}: nothing was taken and nothing recorded, because the platform could not store it
 *       now (FHIR server or database down) or the sending facility (MSH-4) is no hospital of this
 *       platform: send again later.
 * </ul>
 *
 * The MLLP component is told never to log message contents ({@code logPhi=false}).
 */
public final class MllpRoute extends RouteBuilder {

  public static final String ROUTE_ID = "push-hl7-mllp";
  public static final String PAYLOAD_TYPE = "x-application/hl7-v2+er7";
  private static final Logger log = LoggerFactory.getLogger(MllpRoute.class);
  private static final Pattern CONTROL_ID = Pattern.compile("^MSH\\|[^\\r\\n]*");

  private final int port;
  private final Map<String, String> senders;
  private final ResourceIds ids;
  private final Charset charset;
  private final Hl7Messages messages;
  private final RecordSink sink;
  private final Map<String, HospitalMappings> mappings = new ConcurrentHashMap<>();

  public MllpRoute(int port, Map<String, String> senders, ResourceIds ids, Charset charset, ZoneId sourceZone, RecordSink sink) {
    this.port = port;
    this.senders = Map.copyOf(senders);
    this.ids = ids;
    this.charset = charset;
    this.messages = new Hl7Messages(sourceZone);
    this.sink = sink;
  }

  @Override
  public void configure() {
    MllpComponent mllp = getContext().getComponent("mllp", MllpComponent.class);
    mllp.setLogPhi(false);
    fromF("mllp://0.0.0.0:%d?autoAck=false&requireEndOfData=false&validatePayload=false&stringPayload=false", port)
        .routeId(ROUTE_ID)
        .process(this::handle).id(ROUTE_ID + "-handle");
  }

  private void handle(Exchange exchange) {
    byte[] body = exchange.getIn().getBody(byte[].class);
    String ack;
    try {
      ack = receive(body == null ? new byte[0] : body);
    } catch (RuntimeException e) {
      log.error("{}: a message could not be handled: {}", ROUTE_ID, e.getClass().getName());
      ack = manualAck("AR", null, "internal", "The message could not be handled; nothing was stored. Send it again.");
    }
    exchange.setProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT_STRING, ack);
    exchange.getMessage().setBody(ack);
  }

  /** Handles one message; returns the acknowledgement to send. */
  public String receive(byte[] body) {
    Rejected.Payload payload = new Rejected.Payload(PAYLOAD_TYPE, body);
    String raw = new String(body, StandardCharsets.ISO_8859_1);
    String controlId = field(raw, 10);
    String facility = component(field(raw, 4));
    String source = facility != null && senders.containsKey(facility) ? facility : "unknown";
    SourceKey messageKey = new SourceKey(source, "hl7-message",
        controlId != null ? controlId : "sha256-" + ResourceIds.hashed(raw));
    String text;
    try {
      text = StrictText.decode(body, 0, charset);
    } catch (CharacterCodingException e) {
      return refuse(messageKey, RejectReason.INVALID_ENCODING, "The message is not " + charset.name(), payload, null, controlId);
    }
    Message message;
    try {
      message = messages.parse(text);
    } catch (Hl7Messages.Refused e) {
      return refuse(messageKey, e.reason(), e.getMessage(), payload, null, controlId);
    }
    Hl7Messages.Parsed parsed;
    try {
      parsed = messages.rows(message);
    } catch (Hl7Messages.Refused e) {
      return refuse(messageKey, e.reason(), e.getMessage(), payload, message, controlId);
    }
    if (!senders.containsKey(parsed.sender())) {
      log.warn("{}: message from an unknown sending facility refused (AR)", ROUTE_ID);
      return ack(message, AcknowledgmentCode.AR, "Sending facility (MSH-4) is no hospital of this platform");
    }
    HospitalMappings hospital = mappings.computeIfAbsent(parsed.sender(),
        code -> new HospitalMappings(new HospitalSource(code, senders.get(code)), ids));
    Map<SourceKey, MappedRecord> mapped = new LinkedHashMap<>();
    List<Rejected> rejected = new ArrayList<>();
    for (Record row : parsed.rows()) {
      SourceKey key = hospital.key(row);
      try {
        mapped.put(key, hospital.map(row));
      } catch (MappingException e) {
        rejected.add(new Rejected(key, e.reason(), e.getMessage(), payload));
      }
    }
    Batch written;
    try {
      written = sink.deliver(ROUTE_ID, new Batch(parsed.rows().size(), List.copyOf(mapped.values()), rejected, Watermark.START),
          key -> payload);
    } catch (TransientWriteException e) {
      log.warn("{}: {} from {} not stored, the FHIR server is unavailable; answered AR", ROUTE_ID, parsed.type(), parsed.sender());
      return ack(message, AcknowledgmentCode.AR, "The platform cannot store messages now; nothing was taken. Send it again.");
    }
    log.info("{}: {} from {}: {} rows, {} written, {} refused", ROUTE_ID, parsed.type(), parsed.sender(),
        parsed.rows().size(), written.mapped().size(), written.rejected().size());
    if (written.rejected().isEmpty()) {
      return ack(message, AcknowledgmentCode.AA, null);
    }
    List<String> reasons = written.rejected().stream()
        .map(r -> r.key().entity() + " " + r.reason().name() + ": " + r.message()).toList();
    return ack(message, AcknowledgmentCode.AE, String.join("; ", reasons));
  }

  private String refuse(SourceKey key, RejectReason reason, String text, Rejected.Payload payload, Message message, String controlId) {
    try {
      sink.deliver(ROUTE_ID, new Batch(0, List.of(), List.of(new Rejected(key, reason, text, payload)), Watermark.START));
    } catch (RuntimeException e) {
      log.warn("{}: a refused message could not be recorded; answered AR", ROUTE_ID);
      return manualAck("AR", controlId, "unavailable", "The platform cannot record messages now. Send it again.");
    }
    log.warn("{}: message refused: {}", ROUTE_ID, reason);
    return message != null ? ack(message, AcknowledgmentCode.AE, reason.name() + ": " + text)
        : manualAck("AE", controlId, reason.name(), text);
  }

  private String ack(Message message, AcknowledgmentCode code, String text) {
    try {
      Message ack = code == AcknowledgmentCode.AA ? message.generateACK()
          : message.generateACK(code, new HL7Exception(clean(text)));
      if (text != null) {
        new Terser(ack).set("/MSA-3", clean(text));
      }
      return messages.encode(ack);
    } catch (HL7Exception | java.io.IOException e) {
      return manualAck(code.name(), field(messages.encode(message), 10), "ack", text);
    }
  }

  /** An ACK for a message too broken to answer through the HL7 library. */
  private static String manualAck(String code, String controlId, String reason, String text) {
    String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    return "MSH|^~\\&|MCH-PLATFORM|MCH|||" + now + "||ACK|" + UUID.randomUUID().toString().substring(0, 20) + "|P|2.5\r"
        + "MSA|" + code + "|" + (controlId == null ? "" : clean(controlId)) + "|" + clean(reason + ": " + text) + "\r";
  }

  /** Text safe inside an HL7 field: no delimiters, at most 500 characters. */
  private static String clean(String text) {
    String safe = text == null ? "" : text.replaceAll("[|^~\\\\&\\r\\n]", " ");
    return safe.length() > 500 ? safe.substring(0, 500) : safe;
  }

  /** Field {@code n} of the MSH segment as sent, or null; read without parsing, for broken messages. */
  private static String field(String raw, int n) {
    Matcher msh = CONTROL_ID.matcher(raw.stripLeading());
    if (!msh.find()) {
      return null;
    }
    String[] fields = msh.group().split("\\|", -1);
    // fields[0] is "MSH", fields[1] the encoding characters, which are MSH-2: MSH-n is fields[n - 1].
    return n - 1 < fields.length && !fields[n - 1].isBlank() ? fields[n - 1] : null;
  }

  private static String component(String field) {
    return field == null ? null : field.split("\\^", -1)[0].strip();
  }

  /** One hospital's mappings of the rows a message gives. */
  private static final class HospitalMappings {
    private final HospitalSource hospital;
    private final HospitalPatientMapping patients;
    private final HospitalVisitMapping visits;
    private final HospitalPrenatalVisitMapping prenatalVisits;
    private final HospitalLabResultMapping labResults;

    HospitalMappings(HospitalSource hospital, ResourceIds ids) {
      this.hospital = hospital;
      this.patients = new HospitalPatientMapping(hospital, ids);
      this.visits = new HospitalVisitMapping(hospital, ids);
      this.prenatalVisits = new HospitalPrenatalVisitMapping(hospital, ids);
      this.labResults = new HospitalLabResultMapping(hospital, ids);
    }

    SourceKey key(Record row) {
      if (row instanceof HospitalPatientRow r) {
        return hospital.key(HospitalSource.PATIENT, PolledEntity.keyOrMissing(r.patientNo()));
      } else if (row instanceof HospitalVisitRow r) {
        return hospital.key(HospitalVisitMapping.VISIT, PolledEntity.keyOrMissing(r.visitNo()));
      } else if (row instanceof HospitalPrenatalVisitRow r) {
        return hospital.key(HospitalSource.PRENATAL_VISIT, PolledEntity.keyOrMissing(r.visitNo()));
      } else if (row instanceof HospitalLabResultRow r) {
        return hospital.key(HospitalSource.LAB_RESULT, PolledEntity.keyOrMissing(r.resultNo()));
      }
      throw new IllegalArgumentException(row.getClass().getSimpleName());
    }

    MappedRecord map(Record row) {
      if (row instanceof HospitalPatientRow r) {
        return patients.map(r);
      } else if (row instanceof HospitalVisitRow r) {
        return visits.map(r);
      } else if (row instanceof HospitalPrenatalVisitRow r) {
        return prenatalVisits.map(r);
      } else if (row instanceof HospitalLabResultRow r) {
        return labResults.map(r);
      }
      throw new IllegalArgumentException(row.getClass().getSimpleName());
    }
  }
}
