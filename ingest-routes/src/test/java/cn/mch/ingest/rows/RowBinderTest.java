package cn.mch.ingest.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.mch.mappings.hospital.HospitalPrenatalVisitRow;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowBinderTest {

  private final RowBinder<HospitalPrenatalVisitRow> binder =
      new RowBinder<>(HospitalPrenatalVisitRow.class, ZoneId.of("Asia/Shanghai"));

  private static Map<String, Object> row() {
    Map<String, Object> row = new HashMap<>();
    row.put("visit_no", "V1");
    row.put("patient_no", "P1");
    row.put("booking_no", null);
    row.put("visit_date", Date.valueOf("2024-03-01"));
    row.put("gestational_weeks", (short) 16); // smallint
    row.put("systolic_mm_hg", 118);
    row.put("diastolic_mm_hg", null);
    row.put("weight_kg", new BigDecimal("58.4"));
    row.put("fundal_height_cm", new BigDecimal("16.5"));
    row.put("fetal_heart_rate", (short) 148);
    row.put("updated_at", Timestamp.from(Instant.parse("2024-03-01T01:30:00Z")));
    return row;
  }

  @Test
  void bindsSnakeCaseColumnsToRecordComponents() {
    HospitalPrenatalVisitRow visit = binder.bind(row());

    assertEquals("V1", visit.visitNo());
    assertEquals(LocalDate.of(2024, 3, 1), visit.visitDate());
    assertEquals(16, visit.gestationalWeeks());
    assertEquals(118, visit.systolicMmHg());
    assertNull(visit.diastolicMmHg());
    assertEquals(new BigDecimal("58.4"), visit.weightKg());
    assertEquals(Instant.parse("2024-03-01T01:30:00Z"), visit.updatedAt());
  }

  @Test
  void readsTimestampsWithoutZoneInTheSourceZone() {
    Map<String, Object> row = row();
    row.put("updated_at", LocalDateTime.parse("2024-03-01T09:30:00"));

    assertEquals(Instant.parse("2024-03-01T01:30:00Z"), binder.bind(row).updatedAt());
  }

  @Test
  void aColumnTheAdapterForgotFailsWithItsName() {
    Map<String, Object> row = row();
    row.remove("weight_kg");

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> binder.bind(row));
    assertTrue(e.getMessage().contains("weight_kg"), e.getMessage());
  }

  @Test
  void aColumnOfTheWrongTypeFailsWithItsName() {
    Map<String, Object> row = row();
    row.put("visit_date", 20240301);

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> binder.bind(row));
    assertTrue(e.getMessage().contains("visit_date"), e.getMessage());
  }

  @Test
  void bindsFieldsGivenAsTextLikeACsvLine() {
    Map<String, Object> row = new HashMap<>();
    row().keySet().forEach(column -> row.put(column, ""));
    row.put("visit_no", "V1");
    row.put("visit_date", "2024-03-01");
    row.put("gestational_weeks", " 16 ");
    row.put("weight_kg", "58.4");
    row.put("updated_at", "2024-03-01 09:30:00");

    HospitalPrenatalVisitRow visit = binder.bind(row);

    assertEquals(LocalDate.of(2024, 3, 1), visit.visitDate());
    assertEquals(16, visit.gestationalWeeks());
    assertEquals(new BigDecimal("58.4"), visit.weightKg());
    assertNull(visit.systolicMmHg());
    assertEquals(Instant.parse("2024-03-01T01:30:00Z"), visit.updatedAt());
    row.put("updated_at", "2024-03-01T09:30:00+08:00");
    assertEquals(Instant.parse("2024-03-01T01:30:00Z"), binder.bind(row).updatedAt());
    row.put("updated_at", "2024-03-01 09:30:00.25+08"); // as PostgreSQL's COPY writes it
    assertEquals(Instant.parse("2024-03-01T01:30:00.25Z"), binder.bind(row).updatedAt());
  }

  @Test
  void textThatIsNotOfItsTypeNamesTheColumnNotTheValue() {
    Map<String, Object> row = row();
    row.put("visit_date", "2024-02-30");
    row.put("systolic_mm_hg", "118");

    RowBinder.InvalidValueException e = assertThrows(RowBinder.InvalidValueException.class, () -> binder.bind(row));
    assertEquals("visit_date", e.column());
    assertTrue(!e.getMessage().contains("2024-02-30"), e.getMessage());
    row.put("visit_date", "2024-03-01");
    row.put("systolic_mm_hg", "1l8");
    assertEquals("systolic_mm_hg", assertThrows(RowBinder.InvalidValueException.class, () -> binder.bind(row)).column());
  }

  @Test
  void snakeCaseOfComponentNames() {
    assertEquals("systolic_mm_hg", RowBinder.snakeCase("systolicMmHg"));
    assertEquals("visit_no", RowBinder.snakeCase("visitNo"));
  }
}
