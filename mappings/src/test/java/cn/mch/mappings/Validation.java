package cn.mch.mappings;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Offline validation with HAPI's instance validator against base R4. */
public final class Validation {

  private static final FhirValidator VALIDATOR = newValidator();

  private Validation() {}

  private static FhirValidator newValidator() {
    ValidationSupportChain chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(GoldenFiles.FHIR),
            new InMemoryTerminologyServerValidationSupport(GoldenFiles.FHIR),
            new CommonCodeSystemsTerminologyService(GoldenFiles.FHIR));
    FhirInstanceValidator module = new FhirInstanceValidator(chain);
    // LOINC and SNOMED are not available offline; codes in them cannot be looked up here.
    module.setNoTerminologyChecks(true);
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
