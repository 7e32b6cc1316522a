package cn.mch.mappings.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.mch.mappings.GoldenFiles;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.TransactionBundles;
import cn.mch.mappings.Validation;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The child-health, marriage-registry and birth-registry mappings against their golden files. */
class RegistryMappingGoldenTest {

  private static final ChildHealthMapping CHILD_HEALTH =
      new ChildHealthMapping(new RegistrySource(RegistrySource.CHILD_HEALTH, "社区儿童保健系统"), GoldenFiles.IDS);
  private static final MarriageRegistryMapping MARRIAGE =
      new MarriageRegistryMapping(new RegistrySource(RegistrySource.MARRIAGE_REGISTRY, "民政婚姻登记"), GoldenFiles.IDS);
  private static final BirthRegistryMapping BIRTH =
      new BirthRegistryMapping(new RegistrySource(RegistrySource.BIRTH_REGISTRY, "出生医学证明登记"), GoldenFiles.IDS);

  static Stream<Path> cases() {
    return Stream.of(RegistrySource.CHILD_HEALTH, RegistrySource.MARRIAGE_REGISTRY, RegistrySource.BIRTH_REGISTRY)
        .flatMap(source -> GoldenFiles.cases(source).stream());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void mapsRowToGoldenTransactionOfValidResources(Path caseDir) {
    String name = caseDir.getFileName().toString();
    MappedRecord mapped;
    if (name.startsWith("newborn-screening")) {
      mapped = CHILD_HEALTH.mapScreening(GoldenFiles.input(caseDir, NewbornScreeningRow.class));
    } else if (name.startsWith("checkup")) {
      mapped = CHILD_HEALTH.mapCheckup(GoldenFiles.input(caseDir, CheckupRow.class));
    } else if (name.startsWith("child")) {
      mapped = CHILD_HEALTH.mapChild(GoldenFiles.input(caseDir, ChildRow.class));
    } else if (name.startsWith("premarital-exam")) {
      mapped = MARRIAGE.mapExam(GoldenFiles.input(caseDir, PremaritalExamRow.class));
    } else if (name.startsWith("marriage") || name.startsWith("divorce")) {
      mapped = MARRIAGE.mapRegistration(GoldenFiles.input(caseDir, MarriageRegistrationRow.class));
    } else {
      mapped = BIRTH.map(GoldenFiles.input(caseDir, BirthCertificateRow.class));
    }

    GoldenFiles.assertMatches(caseDir, TransactionBundles.upsert(List.of(mapped)));
    for (Resource resource : mapped.resources()) {
      assertEquals(List.of(), Validation.errors(resource), resource.fhirType() + " of " + name + " is not valid");
    }
  }
}
