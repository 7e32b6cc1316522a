package cn.mch.ingest.push;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v25.datatype.CX;
import ca.uhn.hl7v2.model.v25.datatype.XPN;
import ca.uhn.hl7v2.model.v25.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v25.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v25.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v25.message.ADT_A01;
import ca.uhn.hl7v2.model.v25.message.ORU_R01;
import ca.uhn.hl7v2.model.v25.segment.MSH;
import ca.uhn.hl7v2.model.v25.segment.OBR;
import ca.uhn.hl7v2.model.v25.segment.OBX;
import ca.uhn.hl7v2.model.v25.segment.PID;
import ca.uhn.hl7v2.model.v25.segment.PV1;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import cn.mch.mappings.RejectReason;
import cn.mch.mappings.hospital.HospitalLabResultRow;
import cn.mch.mappings.hospital.HospitalPatientRow;
import cn.mch.mappings.hospital.HospitalPrenatalVisitRow;
import cn.mch.mappings.hospital.HospitalVisitRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HL7 v2 messages from a hospital's interface engine made into the same typed rows its SQL
 * adapters select, so that they go through the same mappings. Versions 2.3 to 2.5.1 are read as
 * 2.5.
 *
 * <ul>
 *   <li>ADT^A01, A04, A08 (admit, register, update): the patient (PID) as a {@link
 *       HospitalPatientRow}, and the visit (PV1, when it has a visit number) as a {@link
 *       HospitalVisitRow}. PID-3 holds the patient number (type PI or MR, or untyped) and the
 *       resident ID (type NNCHN or ID, or assigning authority 2.16.156.10011.1.3); PID-5 the name
 *       (family and given joined, or the full name in the family field as Chinese systems send it);
 *       PID-8 the hospital's sex code, translated by its code map.
 *   <li>ORU^R01 (results): per OBR, the LOINC-coded vital signs of a prenatal visit (8480-6,
 *       8462-4, 29463-7, 11881-0, 55283-6, 18185-9) as one {@link HospitalPrenatalVisitRow}, keyed
 *       by the visit number (PV1-19) or else the order's filler number; every other OBX as a {@link
 *       HospitalLabResultRow} keyed by filler number and test code, its test code translated by the
 *       hospital's code map. The patient of a result is only referred to: a result never rewrites
 *       the patient, and one that arrives before its patient refers to the placeholder the ADT
 *       message fills in.
 * </ul>
 *
 * MSH-7 is the change stamp of every row. Nothing here logs or keeps message text.
 */
public final class Hl7Messages {

  /** Longer fields are refused: no field the platform reads is near this long. */
  static final int MAX_FIELD = 4096;
  static final Set<String> ADT_EVENTS = Set.of("A01", "A04", "A08");
  private static final String RESIDENT_ID_OID = "2.16.156.10011.1.3";
  private static final Map<String, String> VITALS = Map.of(
      "8480-6", "systolic", "8462-4", "diastolic", "29463-7", "weight", "11881-0", "fundal-height",
      "55283-6", "fetal-heart-rate", "18185-9", "gestational-weeks");

  private final PipeParser parser;
  private final ZoneId sourceZone;

  public Hl7Messages(ZoneId sourceZone) {
    HapiContext context = new DefaultHapiContext();
    context.setModelClassFactory(new CanonicalModelClassFactory("2.5"));
    context.setValidationContext(ValidationContextFactory.noValidation());
    // Control ids of acknowledgements from memory: the default writes an id_file in the working directory.
    context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    this.parser = context.getPipeParser();
    this.sourceZone = sourceZone;
  }

  /** Content that cannot be made into rows, with its stable reason. */
  public static final class Refused extends RuntimeException {
    private final RejectReason reason;

    Refused(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public RejectReason reason() {
      return reason;
    }
  }

  /** A parsed message: who sent it, its control id and type, and its rows. */
  public record Parsed(Message message, String sender, String controlId, String type, List<Record> rows) {}

  public Message parse(String text) {
    try {
      return parser.parse(text);
    } catch (HL7Exception | RuntimeException e) {
      throw new Refused(RejectReason.UNPARSEABLE, "Not an HL7 v2 message that can be read ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  public String encode(Message message) {
    try {
      return parser.encode(message);
    } catch (HL7Exception e) {
      throw new IllegalStateException("Cannot encode an acknowledgement", e);
    }
  }

  /** The rows of a parsed message. */
  public Parsed rows(Message message) {
    MSH msh;
    try {
      msh = (MSH) message.get("MSH");
    } catch (HL7Exception | ClassCastException e) {
      throw new Refused(RejectReason.UNPARSEABLE, "The message has no MSH segment");
    }
    String sender = text(msh.getSendingFacility().getNamespaceID().getValue());
    String controlId = text(msh.getMessageControlID().getValue());
    String code = text(msh.getMessageType().getMessageCode().getValue());
    String event = text(msh.getMessageType().getTriggerEvent().getValue());
    String type = (code == null ? "?" : code) + "^" + (event == null ? "?" : event);
    if (sender == null) {
      throw new Refused(RejectReason.MISSING_MANDATORY_FIELD, "MSH-4 (sending facility) is empty");
    }
    if (controlId == null) {
      throw new Refused(RejectReason.MISSING_MANDATORY_FIELD, "MSH-10 (message control id) is empty");
    }
    Instant sent = instant(msh.getDateTimeOfMessage().getTime().getValue(), "MSH-7");
    if (sent == null) {
      throw new Refused(RejectReason.MISSING_MANDATORY_FIELD, "MSH-7 (time of the message) is empty");
    }
    List<Record> rows = new ArrayList<>();
    if ("ADT".equals(code) && ADT_EVENTS.contains(event) && message instanceof ADT_A01 adt) {
      rows.add(patient(adt.getPID(), sent));
      String visitNo = text(adt.getPV1().getVisitNumber().getIDNumber().getValue());
      if (visitNo != null) {
        rows.add(visit(adt.getPV1(), patientNo(adt.getPID()), sent));
      }
    } else if ("ORU".equals(code) && "R01".equals(event) && message instanceof ORU_R01 oru) {
      try {
        oruRows(oru, sent, rows);
      } catch (HL7Exception e) {
        throw new Refused(RejectReason.UNPARSEABLE, "The ORU^R01 message's groups cannot be read");
      }
      if (rows.isEmpty()) {
        throw new Refused(RejectReason.MISSING_MANDATORY_FIELD, "The ORU^R01 message holds no OBX result");
      }
    } else {
      throw new Refused(RejectReason.UNSUPPORTED_CONTENT,
          "Message type " + type + " is not taken; send ADT^A01, ADT^A04, ADT^A08 or ORU^R01");
    }
    return new Parsed(message, sender, controlId, type, rows);
  }

  private void oruRows(ORU_R01 oru, Instant sent, List<Record> rows) throws HL7Exception {
    for (ORU_R01_PATIENT_RESULT result : oru.getPATIENT_RESULTAll()) {
      PID pid = result.getPATIENT().getPID();
      String patientNo = patientNo(pid);
      if (patientNo == null) {
        throw new Refused(RejectReason.MISSING_MANDATORY_FIELD, "PID-3 holds no patient number");
      }
      String visitNo = text(result.getPATIENT().getVISIT().getPV1().getVisitNumber().getIDNumber().getValue());
      for (ORU_R01_ORDER_OBSERVATION order : result.getORDER_OBSERVATIONAll()) {
        results(order, patientNo, visitNo, sent, rows);
      }
    }
  }

  private HospitalPatientRow patient(PID pid, Instant sent) {
    String residentId = null;
    for (CX cx : pid.getPatientIdentifierList()) {
      String type = text(cx.getIdentifierTypeCode().getValue());
      String authority = text(cx.getAssigningAuthority().getUniversalID().getValue());
      if ("NNCHN".equals(type) || "ID".equals(type) || RESIDENT_ID_OID.equals(authority)) {
        residentId = text(cx.getIDNumber().getValue());
      }
    }
    XPN name = pid.getPatientName().length > 0 ? pid.getPatientName(0) : null;
    String fullName = null;
    if (name != null) {
      String family = text(name.getFamilyName().getSurname().getValue());
      String given = text(name.getGivenName().getValue());
      fullName = family == null ? given : given == null ? family : joinName(family, given);
    }
    String phone = pid.getPhoneNumberHome().length == 0 ? null
        : firstText(pid.getPhoneNumberHome(0).getTelephoneNumber().getValue(),
            pid.getPhoneNumberHome(0).getUnformattedTelephoneNumber().getValue());
    return new HospitalPatientRow(
        patientNo(pid), fullName, residentId, date(pid.getDateTimeOfBirth().getTime().getValue(), "PID-7"),
        text(pid.getAdministrativeSex().getValue()), phone, sent);
  }

  private HospitalVisitRow visit(PV1 pv1, String patientNo, Instant sent) {
    Instant discharged = pv1.getDischargeDateTime().length == 0 ? null
        : instant(pv1.getDischargeDateTime(0).getTime().getValue(), "PV1-45");
    return new HospitalVisitRow(
        text(pv1.getVisitNumber().getIDNumber().getValue()), patientNo, text(pv1.getPatientClass().getValue()),
        instant(pv1.getAdmitDateTime().getTime().getValue(), "PV1-44"), discharged, sent);
  }

  private void results(ORU_R01_ORDER_OBSERVATION order, String patientNo, String visitNo, Instant sent, List<Record> rows)
      throws HL7Exception {
    OBR obr = order.getOBR();
    String filler = firstText(obr.getFillerOrderNumber().getEntityIdentifier().getValue(),
        obr.getPlacerOrderNumber().getEntityIdentifier().getValue());
    if (filler == null) {
      throw new Refused(RejectReason.MISSING_MANDATORY_FIELD, "OBR-3 and OBR-2 (order numbers) are empty");
    }
    LocalDate observed = date(obr.getObservationDateTime().getTime().getValue(), "OBR-7");
    Map<String, String> vitals = new LinkedHashMap<>();
    for (ORU_R01_OBSERVATION observation : order.getOBSERVATIONAll()) {
      OBX obx = observation.getOBX();
      String code = text(obx.getObservationIdentifier().getIdentifier().getValue());
      String system = text(obx.getObservationIdentifier().getNameOfCodingSystem().getValue());
      String value = obx.getObservationValue().length == 0 ? null : text(obx.getObservationValue(0).encode());
      if (code == null) {
        throw new Refused(RejectReason.MISSING_MANDATORY_FIELD, "OBX-3 (test code) is empty in order " + filler);
      }
      if ("LN".equals(system) && VITALS.containsKey(code)) {
        vitals.put(VITALS.get(code), value);
        continue;
      }
      LocalDate reported = firstDate(date(obx.getDateTimeOfTheObservation().getTime().getValue(), "OBX-14"), observed);
      rows.add(new HospitalLabResultRow(
          filler + "-" + code, patientNo, code, value, text(obx.getUnits().getIdentifier().getValue()), reported, sent));
    }
    if (!vitals.isEmpty()) {
      rows.add(new HospitalPrenatalVisitRow(
          visitNo != null ? visitNo : filler, patientNo, null, observed,
          integer(vitals.get("gestational-weeks"), "18185-9"), integer(vitals.get("systolic"), "8480-6"),
          integer(vitals.get("diastolic"), "8462-4"), decimal(vitals.get("weight"), "29463-7"),
          decimal(vitals.get("fundal-height"), "11881-0"), integer(vitals.get("fetal-heart-rate"), "55283-6"), sent));
    }
  }

  private static String patientNo(PID pid) {
    String untyped = null;
    for (CX cx : pid.getPatientIdentifierList()) {
      String type = text(cx.getIdentifierTypeCode().getValue());
      String value = text(cx.getIDNumber().getValue());
      if ("PI".equals(type) || "MR".equals(type)) {
        return value;
      }
      if (type == null && untyped == null) {
        untyped = value;
      }
    }
    return untyped;
  }

  /** Han names are written without a space; others with one. */
  private static String joinName(String family, String given) {
    boolean han = family.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    return han ? family + given : family + " " + given;
  }

  /** HL7 TS: {@code YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]}; without an offset, in the source's zone. */
  Instant instant(String ts, String field) {
    String value = text(ts);
    if (value == null) {
      return null;
    }
    try {
      String offset = null;
      int sign = Math.max(value.indexOf('+'), value.indexOf('-'));
      if (sign > 0) {
        offset = value.substring(sign);
        value = value.substring(0, sign);
      }
      int dot = value.indexOf('.');
      String digits = dot > 0 ? value.substring(0, dot) : value;
      if (!digits.matches("\\d{8}(\\d{2}(\\d{2}(\\d{2})?)?)?")) {
        throw new DateTimeParseException("length", value, 0);
      }
      String padded = (digits + "000000").substring(0, 14);
      LocalDateTime local = LocalDateTime.of(
          Integer.parseInt(padded.substring(0, 4)), Integer.parseInt(padded.substring(4, 6)),
          Integer.parseInt(padded.substring(6, 8)), Integer.parseInt(padded.substring(8, 10)),
          Integer.parseInt(padded.substring(10, 12)), Integer.parseInt(padded.substring(12, 14)));
      return offset == null ? local.atZone(sourceZone).toInstant()
          : OffsetDateTime.of(local, ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3, 5))).toInstant();
    } catch (RuntimeException e) {
      throw new Refused(RejectReason.INVALID_FORMAT, field + " is not an HL7 date and time (YYYYMMDD[HHMM[SS]])");
    }
  }

  private LocalDate date(String ts, String field) {
    Instant at = instant(ts, field);
    return at == null ? null : at.atZone(sourceZone).toLocalDate();
  }

  private static Integer integer(String value, String code) {
    try {
      return value == null ? null : new BigDecimal(value).intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new Refused(RejectReason.INVALID_FORMAT, "OBX-5 of " + code + " is not a whole number");
    }
  }

  private static BigDecimal decimal(String value, String code) {
    try {
      return value == null ? null : new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new Refused(RejectReason.INVALID_FORMAT, "OBX-5 of " + code + " is not a number");
    }
  }

  private static LocalDate firstDate(LocalDate a, LocalDate b) {
    return a != null ? a : b;
  }

  private static String firstText(String a, String b) {
    return text(a) != null ? text(a) : text(b);
  }

  private static String text(String value) {
    if (value != null && value.length() > MAX_FIELD) {
      throw new Refused(RejectReason.INVALID_FORMAT, "A field is longer than " + MAX_FIELD + " characters");
    }
    return value == null || value.isBlank() ? null : value.strip();
  }
}
