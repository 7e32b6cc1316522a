package cn.mch.mappings;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Small builders of the FHIR elements every mapping writes, so each mapping reads as its model. */
public final class FhirElements {

  /** Clinical times are written in China Standard Time, as the sources record them. */
  public static final TimeZone CHINA = TimeZone.getTimeZone("Asia/Shanghai");

  private FhirElements() {}

  public static CodeableConcept concept(String system, String code, String display) {
    return new CodeableConcept().addCoding(new Coding(system, code, display));
  }

  public static CodeableConcept concept(Coding coding) {
    return new CodeableConcept().addCoding(coding);
  }

  public static Quantity quantity(BigDecimal value, String ucum) {
    return new Quantity().setValue(value).setUnit(ucum).setSystem(FhirSystems.UCUM).setCode(ucum);
  }

  public static Quantity quantity(long value, String ucum) {
    return quantity(BigDecimal.valueOf(value), ucum);
  }

  public static DateTimeType day(LocalDate date) {
    return new DateTimeType(date.toString());
  }

  /** A point in time to the second, in China Standard Time. */
  public static DateTimeType minute(Instant at) {
    return new DateTimeType(Date.from(at), TemporalPrecisionEnum.SECOND, CHINA);
  }

  public static Reference reference(String type, String id) {
    return new Reference(type + "/" + id);
  }

  public static Reference reference(Resource resource) {
    return reference(resource.fhirType(), resource.getIdElement().getIdPart());
  }
}
