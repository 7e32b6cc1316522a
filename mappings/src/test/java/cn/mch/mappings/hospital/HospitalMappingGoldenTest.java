package cn.mch.mappings.hospital;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.mch.mappings.GoldenFiles;
import cn.mch.mappings.MappedRecord;
import cn.mch.mappings.TransactionBundles;
import cn.mch.mappings.Validation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hospital mapping against its golden files: {@code golden/<hospital>/<entity>[-case]/}. The
 * case folder's name says which row and mapping; hospital B's cases exercise its code map.
 */
class HospitalMappingGoldenTest {

  private static final Map<String, HospitalSource> HOSPITALS =
      Map.of(
          "hospital-a", new HospitalSource("hospital-a", "市妇幼保健院"),
          "hospital-b", new HospitalSource("hospital-b", "区人民医院"));

  /** Entity prefix of a case folder → how its input maps. */
  private record Entity(String prefix, Class<? extends Record> rowType, Function<HospitalSource, Function<Object, MappedRecord>> mapping) {}

  private static final List<Entity> ENTITIES =
      List.of(
          new Entity("patient", HospitalPatientRow.class, h -> row -> new HospitalPatientMapping(h, GoldenFiles.IDS).map((HospitalPatientRow) row)),
          new Entity("prenatal-visit", HospitalPrenatalVisitRow.class, h -> row -> new HospitalPrenatalVisitMapping(h, GoldenFiles.IDS).map((HospitalPrenatalVisitRow) row)),
          new Entity("booking", HospitalBookingRow.class, h -> row -> new HospitalBookingMapping(h, GoldenFiles.IDS).map((HospitalBookingRow) row)),
          new Entity("risk-assessment", HospitalRiskAssessmentRow.class, h -> row -> new HospitalRiskAssessmentMapping(h, GoldenFiles.IDS).map((HospitalRiskAssessmentRow) row)),
          new Entity("lab-result", HospitalLabResultRow.class, h -> row -> new HospitalLabResultMapping(h, GoldenFiles.IDS).map((HospitalLabResultRow) row)),
          new Entity("delivery", HospitalDeliveryRow.class, h -> row -> new HospitalDeliveryMapping(h, GoldenFiles.IDS).map((HospitalDeliveryRow) row)),
          new Entity("newborn", HospitalNewbornRow.class, h -> row -> new HospitalNewbornMapping(h, GoldenFiles.IDS).map((HospitalNewbornRow) row)),
          new Entity("postpartum-visit", HospitalPostpartumVisitRow.class, h -> row -> new HospitalPostpartumVisitMapping(h, GoldenFiles.IDS).map((HospitalPostpartumVisitRow) row)));

  static Stream<Path> cases() {
    return HOSPITALS.keySet().stream().sorted().flatMap(h -> GoldenFiles.cases(h).stream());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void mapsRowToGoldenTransactionOfValidResources(Path caseDir) {
    HospitalSource hospital = HOSPITALS.get(caseDir.getParent().getFileName().toString());
    Entity entity = entityOf(caseDir.getFileName().toString());
    Object row = GoldenFiles.input(caseDir, entity.rowType());

    MappedRecord mapped = entity.mapping().apply(hospital).apply(row);

    Bundle transaction = TransactionBundles.upsert(List.of(mapped));
    GoldenFiles.assertMatches(caseDir, transaction);
    for (Resource resource : mapped.resources()) {
      assertEquals(List.of(), Validation.errors(resource), resource.fhirType() + " of " + caseDir.getFileName() + " is not valid");
    }
  }

  private static Entity entityOf(String caseName) {
    return ENTITIES.stream()
        .filter(e -> caseName.equals(e.prefix()) || caseName.startsWith(e.prefix() + "-"))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No mapping for golden case " + caseName));
  }
}
