package cn.mch.mappings;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import cn.mch.mappings.terminology.Conformance;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Offline validation with HAPI's instance validator against base R4 plus the platform's own
 * profiles, CodeSystems and ValueSets ({@link Conformance}), as the FHIR server validates.
 */
public final class Validation {

  private static final FhirValidator VALIDATOR = newValidator();

  private Validation() {}

  private static FhirValidator newValidator() {
    PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(GoldenFiles.FHIR);
    for (Resource resource : Conformance.all()) {
      if (resource instanceof StructureDefinition sd) {
        ours.addStructureDefinition(sd);
      } else if (resource instanceof CodeSystem cs) {
        ours.addCodeSystem(cs);
      } else if (resource instanceof ValueSet vs) {
        ours.addValueSet(vs);
      }
    }
    ValidationSupportChain chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(GoldenFiles.FHIR),
            ours,
            new SnapshotGeneratingValidationSupport(GoldenFiles.FHIR),
            new InMemoryTerminologyServerValidationSupport(GoldenFiles.FHIR),
            new CommonCodeSystemsTerminologyService(GoldenFiles.FHIR));
    FhirInstanceValidator module = new FhirInstanceValidator(chain);
    // Our own CodeSystems and ValueSets are checked in memory; LOINC and SNOMED are not available
    // offline, so codes in them give warnings (unknown code system), never errors.
    module.setNoTerminologyChecks(false);
    return GoldenFiles.FHIR.newValidator().registerValidatorModule(module);
  }

  /** Error and fatal messages for {@code resource}; empty when it is valid. */
  public static List<String> errors(IBaseResource resource) {
    return VALIDATOR.validateWithResult(resource).getMessages().stream()
        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
        .map(Validation::describe)
        .toList();
  }

  private static String describe(SingleValidationMessage message) {
    return message.getLocationString() + ": " + message.getMessage();
  }
}
