package cn.mch.mappings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Provenance.ProvenanceEntityRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Where each written resource came from (检查检验结果互认 needs it): the source system as an
 * Organization, and one Provenance per source record naming that system, the record's key there
 * and when the source last changed it. Pure: the time is the source's own change stamp.
 */
public final class SourceProvenance {

  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  private final ResourceIds ids;

  public SourceProvenance(ResourceIds ids) {
    this.ids = ids;
  }

  /** The source system as an Organization; the same id whichever record names it. */
  public Organization organization(String sourceCode, String name) {
    Organization organization = new Organization();
    organization.setId(ids.id(new SourceKey(sourceCode, "organization", sourceCode), "Organization"));
    organization.addIdentifier().setSystem(FhirSystems.SOURCE_SYSTEM).setValue(sourceCode);
    organization.setActive(true);
    organization.setName(name);
    return organization;
  }

  /**
   * The record's resources, its source Organization and a Provenance targeting the resources.
   *
   * @param sourceChanged when the source last changed the record
   */
  public MappedRecord attach(MappedRecord record, Organization source, Instant sourceChanged) {
    Provenance provenance = new Provenance();
    provenance.setId(ids.id(record.key(), "Provenance"));
    for (Resource resource : record.resources()) {
      provenance.addTarget(new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart()));
    }
    // In UTC, so the same record gives the same resource on any machine.
    provenance.setRecordedElement(
        new InstantType(Date.from(sourceChanged), TemporalPrecisionEnum.MILLI, UTC));
    provenance.setActivity(
        new CodeableConcept().addCoding(new Coding(FhirSystems.V3_DATA_OPERATION, "UPDATE", "revise")));
    provenance
        .addAgent()
        .setType(
            new CodeableConcept()
                .addCoding(new Coding(FhirSystems.PROVENANCE_PARTICIPANT_TYPE, "author", "Author")))
        .setWho(new Reference("Organization/" + source.getIdElement().getIdPart()));
    provenance
        .addEntity()
        .setRole(ProvenanceEntityRole.SOURCE)
        .setWhat(
            new Reference()
                .setIdentifier(
                    new Identifier()
                        .setSystem(FhirSystems.sourceIdentifier(record.key().source(), record.key().entity()))
                        .setValue(record.key().localId())));
    List<Resource> all = new ArrayList<>(record.resources());
    all.add(source);
    all.add(provenance);
    return new MappedRecord(record.key(), all, record.issues());
  }
}
