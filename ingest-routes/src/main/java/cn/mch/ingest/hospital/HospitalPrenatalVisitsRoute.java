package cn.mch.ingest.hospital;

import cn.mch.ingest.PollingRoute;
import cn.mch.ingest.PollingSettings;
import cn.mch.ingest.fhir.FhirWriter;
import cn.mch.ingest.store.DeadLetters;
import cn.mch.ingest.store.Watermark;
import cn.mch.ingest.store.Watermarks;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.hospital.HospitalPrenatalVisitMapping;
import cn.mch.mappings.hospital.HospitalPrenatalVisitRow;

/**
 * A hospital's prenatal visits → Encounter and Observations, through {@code
 * sql/<hospital>/prenatal-visits.sql}.
 */
public final class HospitalPrenatalVisitsRoute extends PollingRoute<HospitalPrenatalVisitRow> {

  private final HospitalConnection hospital;
  private final HospitalPrenatalVisitMapping mapping;

  public HospitalPrenatalVisitsRoute(
      HospitalConnection hospital,
      HospitalPrenatalVisitMapping mapping,
      PollingSettings settings,
      Watermarks watermarks,
      DeadLetters deadLetters,
      FhirWriter writer) {
    super(HospitalPrenatalVisitRow.class, settings, watermarks, deadLetters, writer);
    this.hospital = hospital;
    this.mapping = mapping;
  }

  @Override
  public String routeId() {
    return hospital.source().code() + "-prenatal-visits";
  }

  @Override
  protected String sql() {
    return hospital.sql("prenatal-visits");
  }

  @Override
  protected String dataSourceName() {
    return hospital.dataSourceName();
  }

  @Override
  protected SourceKey key(HospitalPrenatalVisitRow row) {
    return hospital.source().prenatalVisitKey(keyOrMissing(row.visitNo()));
  }

  @Override
  protected Watermark watermark(HospitalPrenatalVisitRow row) {
    return new Watermark(row.updatedAt(), row.visitNo());
  }

  @Override
  protected MappedRecord map(HospitalPrenatalVisitRow row) {
    return mapping.map(row);
  }
}
