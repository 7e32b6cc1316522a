package cn.mch.platform;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded corpus of malformed input for every channel: truncated and reordered HL7, invalid
 * dates, huge fields, wrong encodings, invalid JSON, FHIR resources of the wrong type, CSV lines
 * and SQL rows with impossible values. Each input carries its own keys (patient, visit, message and
 * bundle numbers), so each must end as exactly one dead letter of its own.
 */
final class BadInputs {

  /** One malformed input and the kind of damage done to it. */
  record Input(String channel, String kind, byte[] content) {}

  private final Random random;

  BadInputs(long seed) {
    this.random = new Random(seed);
  }

  static String adt(int i, String pid7, String name) {
    return "MSH|^~\\&|HIS|hospital-a|MCH|PLATFORM|20240301090000+0800||ADT^A04^ADT_A01|BAD-ADT-" + i + "|P|2.5\r"
        + "EVN|A04|20240301090000\r"
        + "PID|1||BAD" + i + "^^^hospital-a^PI||" + name + "||" + pid7 + "|F\r"
        + "PV1|1|O|||||||||||||||||BADV" + i + "|||||||||||||||||||||||||20240301090000\r";
  }

  static String oru(int i, String labCode) {
    return "MSH|^~\\&|LIS|hospital-a|MCH|PLATFORM|20240301120000+0800||ORU^R01^ORU_R01|BAD-ORU-" + i + "|P|2.5\r"
        + "PID|1||BAD" + i + "^^^hospital-a^PI\r"
        + "OBR|1||BADO" + i + "|vitals|||20240301093000\r"
        + "OBX|1|NM|8480-6^Systolic^LN||118|mm[Hg]\r"
        + "OBX|2|NM|8462-4^Diastolic^LN||76|mm[Hg]\r"
        + "OBR|2||BADL" + i + "|lab|||20240301100000\r"
        + "OBX|1|NM|" + labCode + "^Haemoglobin^L||118|g/L|||||F|||20240301110000\r";
  }

  /** HL7 v2 messages, each refused as a whole or in one row. */
  List<Input> hl7(int count) {
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String good = adt(i, "19920315", "王芳");
      inputs.add(switch (i % 8) {
        // Cut inside PID-7 (the birth date), so the message still names itself but a field is broken.
        case 0 -> new Input("hl7", "truncated", utf8(good.substring(0, good.indexOf("|19920315|") + 2 + random.nextInt(6))));
        case 1 -> new Input("hl7", "wrong segment order", utf8(good.substring(good.indexOf("PID|")) + good.substring(0, good.indexOf("PID|"))));
        case 2 -> new Input("hl7", "invalid date", utf8(adt(i, List.of("19921345", "1992-03-15", "abcdefgh", "19920230").get(random.nextInt(4)), "王芳")));
        case 3 -> new Input("hl7", "huge field", utf8(adt(i, "19920315", "王".repeat(5000 + random.nextInt(5000)))));
        case 4 -> new Input("hl7", "wrong encoding", adt(i, "19920315", "王芳").getBytes(Charset.forName("GBK")));
        case 5 -> new Input("hl7", "unsupported type", utf8(good.replace("ADT^A04^ADT_A01", "ADT^A03^ADT_A03")));
        case 6 -> new Input("hl7", "unknown lab code", utf8(oru(i, "UNKNOWN" + random.nextInt(100))));
        default -> new Input("hl7", "no message header", utf8("PID|1||BAD" + i + "^^^hospital-a^PI||王芳||19920315|F\r"));
      });
    }
    return inputs;
  }

  static String transaction(int i, String patient) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"identifier\":{\"system\":\"urn:bad\",\"value\":\"bad-bundle-" + i
        + "\"},\"timestamp\":\"2024-03-01T10:00:00+08:00\",\"entry\":[{\"resource\":" + patient
        + ",\"request\":{\"method\":\"PUT\",\"url\":\"Patient/bad-" + i + "\"}}]}";
  }

  static String patient(int i, String birthDate, String name) {
    return "{\"resourceType\":\"Patient\",\"id\":\"bad-" + i + "\",\"name\":[{\"text\":\"" + name + "\"}],\"gender\":\"female\","
        + "\"birthDate\":\"" + birthDate + "\"}";
  }

  /** FHIR pushes, each refused as a whole. */
  List<Input> fhir(int count) {
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String good = transaction(i, patient(i, "1992-03-15", "张丽"));
      inputs.add(switch (i % 8) {
        // Cut after the Bundle's identifier, so that no two inputs are the same text.
        case 0 -> {
          int from = good.indexOf("bad-bundle-" + i) + ("bad-bundle-" + i).length();
          yield new Input("fhir", "invalid JSON", utf8(good.substring(0, from + random.nextInt(good.length() - from - 2))));
        }
        case 1 -> new Input("fhir", "wrong resource type", utf8(patient(i, "1992-03-15", "张丽")));
        case 2 -> new Input("fhir", "entry of a type not taken", utf8(transaction(i, "{\"resourceType\":\"Medication\",\"id\":\"bad-" + i + "\"}")));
        case 3 -> new Input("fhir", "invalid date", utf8(transaction(i, patient(i, List.of("1992-13-45", "15/03/1992", "yesterday").get(random.nextInt(3)), "张丽"))));
        case 4 -> new Input("fhir", "huge field", utf8(transaction(i, patient(i, "1992-03-15", "张".repeat(5000 + random.nextInt(3000))))));
        case 5 -> new Input("fhir", "wrong encoding", good.getBytes(Charset.forName("GBK")));
        case 6 -> new Input("fhir", "not a transaction", utf8(good.replace("\"transaction\"", "\"collection\"")));
        default -> new Input("fhir", "invalid FHIR", utf8(good.replace("\"gender\":\"female\"", "\"gender\":\"woman\"")));
      });
    }
    return inputs;
  }

  static final String VISITS_HEADER =
      "visit_no,patient_no,booking_no,visit_date,gestational_weeks,systolic_mm_hg,diastolic_mm_hg,weight_kg,"
          + "fundal_height_cm,fetal_heart_rate,updated_at";

  /** One bad prenatal-visit CSV line; the line's visit number is its key. */
  String badVisitLine(int i) {
    String v = "BADCSV-" + i;
    return switch (i % 7) {
      case 0 -> v + ",C0001,,2024-" + (13 + random.nextInt(80)) + "-01,12,118,76,58.4,,,2024-03-01 09:00:00";
      case 1 -> v + ",C0001,,2024-03-01,twelve,118,76,58.4,,,2024-03-01 09:00:00";
      case 2 -> v + ",C0001,,2024-03-01,12";
      case 3 -> v + ",C0001,,2024-03-01,12,118,76,58.4,,,2024-03-01 09:00:00,extra,fields";
      case 4 -> v + ",C0001,,2024-03-01," + (45 + random.nextInt(50)) + ",118,76,58.4,,,2024-03-01 09:00:00";
      case 5 -> v + ",C0001,,,12,118,76,58.4,,,2024-03-01 09:00:00";
      default -> v + ",C0001,," + "2".repeat(5000) + ",12,118,76,58.4,,,2024-03-01 09:00:00";
    };
  }

  static String goodVisitLine(int i) {
    return "GOODCSV-" + i + ",C0001,,2024-03-01,12,118,76,58.4,,,2024-03-01 09:00:00";
  }

  /** SQL statements putting rows with impossible values into hospital A's own tables. */
  List<String> sqlRows(int count) {
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String values = switch (i % 4) {
        case 0 -> "60, 118, 76, 58.4";
        case 1 -> "12, 900, 76, 58.4";
        case 2 -> "12, 118, 76, -5";
        default -> "12, 118, 300, 58.4";
      };
      statements.add("insert into prenatal_visit (visit_no, patient_no, visit_date, gestational_weeks, sbp, dbp, weight_kg)"
          + " values ('BADSQL-" + i + "', 'R0001', '2024-03-01', " + values + ")");
    }
    return statements;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
