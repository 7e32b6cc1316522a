package cn.mch.mappings;

import org.hl7.fhir.r4.model.Resource;

/**
 * Security labels ({@code meta.security}) on sensitive resources, so access control can act on
 * them: infectious-disease results are restricted (confidentiality R), and HIV and sexually
 * transmitted infections carry their HL7 ActCode sensitivity as well.
 */
public final class SecurityLabels {

  private SecurityLabels() {}

  /** Confidentiality R (restricted). */
  public static void restricted(Resource resource) {
    resource.getMeta().addSecurity(FhirSystems.V3_CONFIDENTIALITY, "R", "restricted");
  }

  /** Restricted and HIV/AIDS information sensitivity. */
  public static void hiv(Resource resource) {
    restricted(resource);
    resource.getMeta().addSecurity(FhirSystems.V3_ACT_CODE, "HIV", "HIV/AIDS information sensitivity");
  }

  /** Restricted and sexually transmitted disease information sensitivity. */
  public static void sexuallyTransmitted(Resource resource) {
    restricted(resource);
    resource.getMeta().addSecurity(FhirSystems.V3_ACT_CODE, "STD", "sexually transmitted disease information sensitivity");
  }
}
