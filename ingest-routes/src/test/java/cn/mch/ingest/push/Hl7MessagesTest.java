package cn.mch.ingest.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.mch.mappings.RejectReason;
import cn.mch.mappings.hospital.HospitalLabResultRow;
import cn.mch.mappings.hospital.HospitalPatientRow;
import cn.mch.mappings.hospital.HospitalPrenatalVisitRow;
import cn.mch.mappings.hospital.HospitalVisitRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class Hl7MessagesTest {

  private final Hl7Messages messages = new Hl7Messages(ZoneId.of("Asia/Shanghai"));

  private Hl7Messages.Parsed rows(String text) {
    return messages.rows(messages.parse(text));
  }

  @Test
  void anAdmissionGivesThePatientAndTheVisit() {
    Hl7Messages.Parsed parsed = rows("MSH|^~\\&|HIS|hospital-a|MCH|P|20240301090000||ADT^A01|C1|P|2.3\r"
        + "PID|1||P1^^^h^PI~110101199003070028^^^^NNCHN||欧阳^娜娜||19900307|F|||||13800001111\r"
        + "PV1|1|I|||||||||||||||||V1|||||||||||||||||||||||||202403010900|202403041000\r");

    assertEquals("hospital-a", parsed.sender());
    assertEquals("C1", parsed.controlId());
    HospitalPatientRow patient = (HospitalPatientRow) parsed.rows().get(0);
    assertEquals("P1", patient.patientNo());
    assertEquals("110101199003070028", patient.residentId());
    assertEquals("欧阳娜娜", patient.fullName());
    assertEquals(LocalDate.of(1990, 3, 7), patient.birthDate());
    assertEquals("13800001111", patient.phone());
    assertEquals(Instant.parse("2024-03-01T01:00:00Z"), patient.updatedAt());
    HospitalVisitRow visit = (HospitalVisitRow) parsed.rows().get(1);
    assertEquals("V1", visit.visitNo());
    assertEquals("I", visit.patientClass());
    assertEquals(Instant.parse("2024-03-04T02:00:00Z"), visit.dischargedAt());
  }

  @Test
  void resultsGiveTheVisitsVitalSignsAndOneLabResultPerOtherObx() {
    Hl7Messages.Parsed parsed = rows("MSH|^~\\&|LIS|hospital-a|MCH|P|20240301120000+0800||ORU^R01|C2|P|2.5\r"
        + "PID|1||P1^^^h^PI\r"
        + "OBR|1||ORD-1|v|||20240301093000\r"
        + "OBX|1|NM|8480-6^^LN||118|mm[Hg]\r"
        + "OBX|2|NM|8462-4^^LN||76|mm[Hg]\r"
        + "OBX|3|NM|HGB^Hb^L||118|g/L|||||F|||20240302\r");

    assertEquals(2, parsed.rows().size());
    HospitalLabResultRow lab = (HospitalLabResultRow) parsed.rows().get(0);
    assertEquals("ORD-1-HGB", lab.resultNo());
    assertEquals("118", lab.resultValue());
    assertEquals(LocalDate.of(2024, 3, 2), lab.reportDate());
    HospitalPrenatalVisitRow visit = (HospitalPrenatalVisitRow) parsed.rows().get(1);
    assertEquals("ORD-1", visit.visitNo());
    assertEquals(118, visit.systolicMmHg());
    assertEquals(76, visit.diastolicMmHg());
    assertNull(visit.weightKg());
    assertEquals(LocalDate.of(2024, 3, 1), visit.visitDate());
  }

  @Test
  void timesWithAndWithoutOffset() {
    assertEquals(Instant.parse("2024-03-01T01:30:00Z"), messages.instant("202403010930", "f"));
    assertEquals(Instant.parse("2024-03-01T09:30:00Z"), messages.instant("20240301093000.123+0000", "f"));
    assertEquals(RejectReason.INVALID_FORMAT,
        assertThrows(Hl7Messages.Refused.class, () -> messages.instant("2024-03-01", "f")).reason());
    assertEquals(RejectReason.INVALID_FORMAT,
        assertThrows(Hl7Messages.Refused.class, () -> messages.instant("20241301", "f")).reason());
  }

  @Test
  void otherMessagesAndBrokenOnesAreRefusedWithTheirReason() {
    assertEquals(RejectReason.UNSUPPORTED_CONTENT, assertThrows(Hl7Messages.Refused.class,
        () -> rows("MSH|^~\\&|HIS|hospital-a|MCH|P|20240301090000||ADT^A03|C3|P|2.5\rPID|1||P1^^^h^PI\r")).reason());
    assertEquals(RejectReason.UNPARSEABLE, assertThrows(Hl7Messages.Refused.class, () -> messages.parse("PID|1||P1\r")).reason());
    assertEquals(RejectReason.MISSING_MANDATORY_FIELD, assertThrows(Hl7Messages.Refused.class,
        () -> rows("MSH|^~\\&|HIS||MCH|P|20240301090000||ADT^A04|C4|P|2.5\rPID|1||P1^^^h^PI\r")).reason());
  }
}
