package cn.mch.ingest.hospital;

import static cn.mch.ingest.PolledEntity.keyOrMissing;

import cn.mch.ingest.PolledEntity;
import cn.mch.ingest.store.Watermark;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.hospital.HospitalBookingMapping;
import cn.mch.mappings.hospital.HospitalBookingRow;
import cn.mch.mappings.hospital.HospitalDeliveryMapping;
import cn.mch.mappings.hospital.HospitalDeliveryRow;
import cn.mch.mappings.hospital.HospitalLabResultMapping;
import cn.mch.mappings.hospital.HospitalLabResultRow;
import cn.mch.mappings.hospital.HospitalNewbornMapping;
import cn.mch.mappings.hospital.HospitalNewbornRow;
import cn.mch.mappings.hospital.HospitalPatientMapping;
import cn.mch.mappings.hospital.HospitalPatientRow;
import cn.mch.mappings.hospital.HospitalPostpartumVisitMapping;
import cn.mch.mappings.hospital.HospitalPostpartumVisitRow;
import cn.mch.mappings.hospital.HospitalPrenatalVisitMapping;
import cn.mch.mappings.hospital.HospitalPrenatalVisitRow;
import cn.mch.mappings.hospital.HospitalRiskAssessmentMapping;
import cn.mch.mappings.hospital.HospitalRiskAssessmentRow;
import cn.mch.mappings.hospital.HospitalSource;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What is polled from a hospital, one entity per SQL adapter {@code sql/<code>/<entities>.sql}:
 * patients, pregnancy bookings, prenatal visits, risk assessments, lab results, deliveries,
 * newborns and postpartum visits. Every hospital has the same entities; only its SQL adapters and
 * its code map differ.
 */
public final class HospitalEntities {

  private HospitalEntities() {}

  public static List<PolledEntity<?>> of(HospitalConnection hospital, ResourceIds ids) {
    HospitalSource source = hospital.source();
    return List.of(
        entity(hospital, "patients", HospitalSource.PATIENT, HospitalPatientRow.class,
            HospitalPatientRow::patientNo, HospitalPatientRow::updatedAt, new HospitalPatientMapping(source, ids)::map),
        entity(hospital, "bookings", HospitalSource.BOOKING, HospitalBookingRow.class,
            HospitalBookingRow::bookingNo, HospitalBookingRow::updatedAt, new HospitalBookingMapping(source, ids)::map),
        entity(hospital, "prenatal-visits", HospitalSource.PRENATAL_VISIT, HospitalPrenatalVisitRow.class,
            HospitalPrenatalVisitRow::visitNo, HospitalPrenatalVisitRow::updatedAt, new HospitalPrenatalVisitMapping(source, ids)::map),
        entity(hospital, "risk-assessments", HospitalSource.RISK_ASSESSMENT, HospitalRiskAssessmentRow.class,
            HospitalRiskAssessmentRow::assessmentNo, HospitalRiskAssessmentRow::updatedAt, new HospitalRiskAssessmentMapping(source, ids)::map),
        entity(hospital, "lab-results", HospitalSource.LAB_RESULT, HospitalLabResultRow.class,
            HospitalLabResultRow::resultNo, HospitalLabResultRow::updatedAt, new HospitalLabResultMapping(source, ids)::map),
        entity(hospital, "deliveries", HospitalSource.DELIVERY, HospitalDeliveryRow.class,
            HospitalDeliveryRow::deliveryNo, HospitalDeliveryRow::updatedAt, new HospitalDeliveryMapping(source, ids)::map),
        entity(hospital, "newborns", HospitalSource.NEWBORN, HospitalNewbornRow.class,
            HospitalNewbornRow::newbornNo, HospitalNewbornRow::updatedAt, new HospitalNewbornMapping(source, ids)::map),
        entity(hospital, "postpartum-visits", HospitalSource.POSTPARTUM_VISIT, HospitalPostpartumVisitRow.class,
            HospitalPostpartumVisitRow::visitNo, HospitalPostpartumVisitRow::updatedAt, new HospitalPostpartumVisitMapping(source, ids)::map));
  }

  /**
   * @param adapter the SQL adapter's name, also the route's suffix ({@code <code>-<adapter>})
   * @param entity the source-key entity of one row
   * @param localKey the row's key in the hospital
   * @param changed the row's change stamp (the adapter's order column)
   */
  private static <R extends Record> PolledEntity<R> entity(
      HospitalConnection hospital,
      String adapter,
      String entity,
      Class<R> rowType,
      Function<R, String> localKey,
      Function<R, Instant> changed,
      Function<R, MappedRecord> mapping) {
    return new PolledEntity<>(
        hospital.source().code() + "-" + adapter,
        hospital.sql(adapter),
        hospital.dataSourceName(),
        rowType,
        row -> hospital.source().key(entity, keyOrMissing(localKey.apply(row))),
        row -> new Watermark(changed.apply(row), localKey.apply(row)),
        mapping);
  }
}
