package cn.mch.ingest.hospital;

import cn.mch.ingest.PolledEntity;
import cn.mch.ingest.SourceConnection;
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
import java.util.List;

/**
 * What is polled from a hospital, one entity per SQL adapter {@code sql/<code>/<adapter>.sql}:
 * patients, pregnancy bookings, prenatal visits, risk assessments, lab results, deliveries,
 * newborns and postpartum visits. Every hospital has the same entities; only its SQL adapters and
 * its code map differ.
 */
public final class HospitalEntities {

  private HospitalEntities() {}

  public static List<PolledEntity<?>> of(SourceConnection connection, ResourceIds ids) {
    HospitalSource h = connection.hospital();
    return List.of(
        PolledEntity.of(connection, "patients", HospitalPatientRow.class, (row, k) -> h.key(HospitalSource.PATIENT, k),
            HospitalPatientRow::patientNo, HospitalPatientRow::updatedAt, new HospitalPatientMapping(h, ids)::map),
        PolledEntity.of(connection, "bookings", HospitalBookingRow.class, (row, k) -> h.key(HospitalSource.BOOKING, k),
            HospitalBookingRow::bookingNo, HospitalBookingRow::updatedAt, new HospitalBookingMapping(h, ids)::map),
        PolledEntity.of(connection, "prenatal-visits", HospitalPrenatalVisitRow.class, (row, k) -> h.key(HospitalSource.PRENATAL_VISIT, k),
            HospitalPrenatalVisitRow::visitNo, HospitalPrenatalVisitRow::updatedAt, new HospitalPrenatalVisitMapping(h, ids)::map),
        PolledEntity.of(connection, "risk-assessments", HospitalRiskAssessmentRow.class, (row, k) -> h.key(HospitalSource.RISK_ASSESSMENT, k),
            HospitalRiskAssessmentRow::assessmentNo, HospitalRiskAssessmentRow::updatedAt, new HospitalRiskAssessmentMapping(h, ids)::map),
        PolledEntity.of(connection, "lab-results", HospitalLabResultRow.class, (row, k) -> h.key(HospitalSource.LAB_RESULT, k),
            HospitalLabResultRow::resultNo, HospitalLabResultRow::updatedAt, new HospitalLabResultMapping(h, ids)::map),
        PolledEntity.of(connection, "deliveries", HospitalDeliveryRow.class, (row, k) -> h.key(HospitalSource.DELIVERY, k),
            HospitalDeliveryRow::deliveryNo, HospitalDeliveryRow::updatedAt, new HospitalDeliveryMapping(h, ids)::map),
        PolledEntity.of(connection, "newborns", HospitalNewbornRow.class, (row, k) -> h.key(HospitalSource.NEWBORN, k),
            HospitalNewbornRow::newbornNo, HospitalNewbornRow::updatedAt, new HospitalNewbornMapping(h, ids)::map),
        PolledEntity.of(connection, "postpartum-visits", HospitalPostpartumVisitRow.class, (row, k) -> h.key(HospitalSource.POSTPARTUM_VISIT, k),
            HospitalPostpartumVisitRow::visitNo, HospitalPostpartumVisitRow::updatedAt, new HospitalPostpartumVisitMapping(h, ids)::map));
  }
}
