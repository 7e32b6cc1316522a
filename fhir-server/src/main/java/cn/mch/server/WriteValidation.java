package cn.mch.server;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.server.interceptor.RequestValidatingInterceptor;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;

/**
 * Validation of every write (create, update, transaction) against base R4 and the profiles a
 * resource declares, with the server's own validation support: the platform's StructureDefinitions,
 * CodeSystems and ValueSets stored by {@link ConformanceLoader}. Errors refuse the request with
 * HTTP 422 and an OperationOutcome; warnings (e.g. LOINC codes the server has no copy of) do not.
 */
final class WriteValidation {

  private WriteValidation() {}

  static RequestValidatingInterceptor interceptor(IValidationSupport validationSupport) {
    FhirInstanceValidator validator = new FhirInstanceValidator(validationSupport);
    // Best-practice advice (narrative, an Observation's performer) is not about the data's
    // validity. It came once per resource, and the validator compares each new message with every
    // message before it, so in a transaction of hundreds of entries those warnings cost much time.
    validator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
    RequestValidatingInterceptor interceptor = new RequestValidatingInterceptor();
    interceptor.addValidatorModule(validator);
    interceptor.setFailOnSeverity(ResultSeverityEnum.ERROR);
    interceptor.setAddResponseHeaderOnSeverity(null);
    interceptor.setAddValidationResultsToResponseOperationOutcome(true);
    return interceptor;
  }
}
