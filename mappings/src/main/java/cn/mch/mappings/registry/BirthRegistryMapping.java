package cn.mch.mappings.registry;

import static cn.mch.mappings.FhirElements.minute;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.Rules;
import cn.mch.mappings.identity.LinkageKeys;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.SourceProvenance;
import cn.mch.mappings.SourceStamps;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Birth medical certificate → the child's Patient identified by the certificate number (name,
 * sex, time of birth), and the mother (MTH) and, when named, the father (FTH) as RelatedPersons of
 * the child with their resident IDs, checked for their sex.
 */
public final class BirthRegistryMapping {

  public static final String BIRTH_CERTIFICATE = "birth-certificate";

  private final RegistrySource source;
  private final ResourceIds ids;
  private final SourceProvenance provenance;
  private final Organization organization;

  public BirthRegistryMapping(RegistrySource source, ResourceIds ids) {
    this.source = source;
    this.ids = ids;
    this.provenance = new SourceProvenance(ids);
    this.organization = provenance.organization(source.code(), source.name());
  }

  public MappedRecord map(BirthCertificateRow row) {
    SourceKey key = source.key(BIRTH_CERTIFICATE, Rules.requireText(row.certNo(), "Certificate number"));
    Rules.require(row.birthTime(), "Time of birth");
    Rules.require(row.issueDate(), "Issue date");
    Rules.requireText(row.motherName(), "Mother's name");
    Rules.requireRange(row.gestationalWeeks(), 20, 45, "Gestational weeks");
    Rules.requireRange(row.weightG(), 200, 7_000, "Birth weight");
    Rules.requireRange(row.lengthCm(), 20, 70, "Length at birth");
    AdministrativeGender gender = AdministrativeGender.fromCode(source.codes().require("sex", row.sex()).getCode());
    Patient child = People.patient(ids.id(key, "Patient"),
        new Identifier().setSystem(FhirSystems.BIRTH_CERTIFICATE).setValue(row.certNo().strip()),
        null, row.childName(), gender, null);
    LinkageKeys.addBirthKeys(child, ids, row.motherIdNo(), row.motherName(), row.birthTime());
    DateType birthDate = new DateType(minute(row.birthTime()).getValueAsString().substring(0, 10));
    birthDate.addExtension(FhirSystems.PATIENT_BIRTH_TIME, minute(row.birthTime()));
    child.setBirthDateElement(birthDate);
    String childRef = "Patient/" + child.getIdElement().getIdPart();
    List<Resource> resources = new ArrayList<>();
    resources.add(child);
    resources.add(People.related(ids.id(key, "RelatedPerson", "mother"), childRef, "MTH", "mother",
        People.residentId(row.motherIdNo(), null, AdministrativeGender.FEMALE), row.motherName(), AdministrativeGender.FEMALE));
    if (row.fatherName() != null && !row.fatherName().isBlank()) {
      resources.add(People.related(ids.id(key, "RelatedPerson", "father"), childRef, "FTH", "father",
          People.residentId(row.fatherIdNo(), null, AdministrativeGender.MALE), row.fatherName(), AdministrativeGender.MALE));
    }
    return provenance.attach(new MappedRecord(key, resources), organization, SourceStamps.require(row.updatedAt()));
  }
}
