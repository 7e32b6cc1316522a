package cn.mch.ingest.hospital;

import cn.mch.ingest.PollingRoute;
import cn.mch.ingest.PollingSettings;
import cn.mch.ingest.fhir.FhirWriter;
import cn.mch.ingest.store.DeadLetters;
import cn.mch.ingest.store.Watermark;
import cn.mch.ingest.store.Watermarks;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.hospital.HospitalPatientMapping;
import cn.mch.mappings.hospital.HospitalPatientRow;

/** A hospital's patient master → Patient, through {@code sql/<hospital>/patients.sql}. */
public final class HospitalPatientsRoute extends PollingRoute<HospitalPatientRow> {

  private final HospitalConnection hospital;
  private final HospitalPatientMapping mapping;

  public HospitalPatientsRoute(
      HospitalConnection hospital,
      HospitalPatientMapping mapping,
      PollingSettings settings,
      Watermarks watermarks,
      DeadLetters deadLetters,
      FhirWriter writer) {
    super(HospitalPatientRow.class, settings, watermarks, deadLetters, writer);
    this.hospital = hospital;
    this.mapping = mapping;
  }

  @Override
  public String routeId() {
    return hospital.source().code() + "-patients";
  }

  @Override
  protected String sql() {
    return hospital.sql("patients");
  }

  @Override
  protected String dataSourceName() {
    return hospital.dataSourceName();
  }

  @Override
  protected SourceKey key(HospitalPatientRow row) {
    return hospital.source().patientKey(keyOrMissing(row.patientNo()));
  }

  @Override
  protected Watermark watermark(HospitalPatientRow row) {
    return new Watermark(row.updatedAt(), row.patientNo());
  }

  @Override
  protected MappedRecord map(HospitalPatientRow row) {
    return mapping.map(row);
  }
}
