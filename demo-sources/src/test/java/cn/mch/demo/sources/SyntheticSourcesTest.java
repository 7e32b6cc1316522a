package cn.mch.demo.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SyntheticSourcesTest {

  @Test
  void eachSourceCodeNamesTheDatabaseTheDemoCreatesForIt() {
    assertEquals(
        List.of(
            SyntheticSources.HOSPITAL_A, SyntheticSources.HOSPITAL_B, SyntheticSources.CHILD_HEALTH,
            SyntheticSources.MARRIAGE_REGISTRY, SyntheticSources.BIRTH_REGISTRY),
        Stream.of("hospital-a", "hospital-b", "child-health", "marriage-registry", "birth-registry")
            .map(SyntheticSources::databaseOf)
            .toList());
  }
}
