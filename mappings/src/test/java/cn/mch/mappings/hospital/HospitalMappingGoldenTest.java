package cn.mch.mappings.hospital;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.mch.mappings.GoldenFiles;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.TransactionBundles;
import cn.mch.mappings.Validation;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HospitalMappingGoldenTest {

  private static final HospitalSource HOSPITAL_A = new HospitalSource("hospital-a", "市妇幼保健院");

  static Stream<Path> patientCases() {
    return GoldenFiles.cases("hospital-a").stream()
        .filter(dir -> dir.getFileName().toString().startsWith("patient"));
  }

  static Stream<Path> prenatalVisitCases() {
    return GoldenFiles.cases("hospital-a").stream()
        .filter(dir -> dir.getFileName().toString().startsWith("prenatal-visit"));
  }

  @ParameterizedTest
  @MethodSource("patientCases")
  void mapsPatientRowToGoldenTransaction(Path caseDir) {
    HospitalPatientRow row = GoldenFiles.input(caseDir, HospitalPatientRow.class);

    MappedRecord mapped = new HospitalPatientMapping(HOSPITAL_A, GoldenFiles.IDS).map(row);

    assertGoldenAndValid(caseDir, mapped);
  }

  @ParameterizedTest
  @MethodSource("prenatalVisitCases")
  void mapsPrenatalVisitRowToGoldenTransaction(Path caseDir) {
    HospitalPrenatalVisitRow row = GoldenFiles.input(caseDir, HospitalPrenatalVisitRow.class);

    MappedRecord mapped = new HospitalPrenatalVisitMapping(HOSPITAL_A, GoldenFiles.IDS).map(row);

    assertGoldenAndValid(caseDir, mapped);
  }

  private static void assertGoldenAndValid(Path caseDir, MappedRecord mapped) {
    Bundle transaction = TransactionBundles.upsert(List.of(mapped));
    GoldenFiles.assertMatches(caseDir, transaction);
    for (Resource resource : mapped.resources()) {
      assertEquals(List.of(), Validation.errors(resource), resource.fhirType() + " is not valid R4");
    }
  }
}
