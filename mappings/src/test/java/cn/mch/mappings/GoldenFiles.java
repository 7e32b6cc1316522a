package cn.mch.mappings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Golden-file support: each case is a folder under {@code src/test/resources/golden/} holding the
 * source row ({@code input.json}) and the transaction it must become ({@code expected.json}).
 * Run with {@code -Dgolden.update=true} to rewrite the expected files for review.
 */
public final class GoldenFiles {

  public static final FhirContext FHIR = FhirContext.forR4Cached();
  /** Test-only secret; production reads its secret from configuration. */
  public static final ResourceIds IDS =
      new ResourceIds("golden-test-secret-0123456789".getBytes(StandardCharsets.UTF_8));

  private static final Path ROOT = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private GoldenFiles() {}

  /** Case folders below {@code golden/<group>}. */
  public static List<Path> cases(String group) {
    try (Stream<Path> dirs = Files.list(ROOT.resolve(group))) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T input(Path caseDir, Class<T> rowType) {
    try {
      return JSON.readValue(caseDir.resolve("input.json").toFile(), rowType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compares {@code actual} with {@code expected.json}, or rewrites it when updating. */
  public static void assertMatches(Path caseDir, Bundle actual) {
    IParser parser = FHIR.newJsonParser().setPrettyPrint(true);
    Path expectedFile = caseDir.resolve("expected.json");
    try {
      if (UPDATE || !Files.exists(expectedFile)) {
        Files.writeString(expectedFile, parser.encodeResourceToString(actual) + "\n");
        assertTrue(UPDATE, "Wrote missing " + expectedFile + ": review it and run again");
      }
      Bundle expected = parser.parseResource(Bundle.class, Files.readString(expectedFile));
      // Compare as parsed from JSON on both sides, so ids carry their resource type alike.
      Bundle parsedActual = parser.parseResource(Bundle.class, parser.encodeResourceToString(actual));
      assertTrue(
          expected.equalsDeep(parsedActual),
          () ->
              caseDir.getFileName()
                  + ": mapping output differs from expected.json; actual:\n"
                  + parser.encodeResourceToString(actual));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
