package cn.mch.ingest.hospital;

import static cn.mch.ingest.PolledEntity.keyOrMissing;

import cn.mch.ingest.PolledEntity;
import cn.mch.ingest.store.Watermark;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.hospital.HospitalPatientMapping;
import cn.mch.mappings.hospital.HospitalPatientRow;
import cn.mch.mappings.hospital.HospitalPrenatalVisitMapping;
import cn.mch.mappings.hospital.HospitalPrenatalVisitRow;
import cn.mch.mappings.hospital.HospitalSource;
import java.util.List;

/**
 * What is polled from a hospital: its patient master ({@code sql/<code>/patients.sql} → Patient)
 * and its prenatal visits ({@code sql/<code>/prenatal-visits.sql} → Encounter and Observations).
 * Every hospital has the same entities; only its SQL adapters differ.
 */
public final class HospitalEntities {

  private HospitalEntities() {}

  public static List<PolledEntity<?>> of(HospitalConnection hospital, ResourceIds ids) {
    HospitalSource source = hospital.source();
    HospitalPatientMapping patients = new HospitalPatientMapping(source, ids);
    HospitalPrenatalVisitMapping visits = new HospitalPrenatalVisitMapping(source, ids);
    return List.of(
        new PolledEntity<>(
            source.code() + "-patients",
            hospital.sql("patients"),
            hospital.dataSourceName(),
            HospitalPatientRow.class,
            row -> source.patientKey(keyOrMissing(row.patientNo())),
            row -> new Watermark(row.updatedAt(), row.patientNo()),
            patients::map),
        new PolledEntity<>(
            source.code() + "-prenatal-visits",
            hospital.sql("prenatal-visits"),
            hospital.dataSourceName(),
            HospitalPrenatalVisitRow.class,
            row -> source.prenatalVisitKey(keyOrMissing(row.visitNo())),
            row -> new Watermark(row.updatedAt(), row.visitNo()),
            visits::map));
  }
}
