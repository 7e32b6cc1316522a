package cn.mch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the benchmark starts a new JVM of itself (each run of a series, the machine-speed probe). */
class LauncherTest {

  private static final Path JAR = Path.of("/opt/bench/mch-benchmark.jar");

  @Test
  void startedFromItsOwnJarItStartsThatJar() {
    assertEquals(List.of("java", "-Xmx1g", "-jar", "/opt/bench/mch-benchmark.jar"),
        Benchmark.launcher("java", List.of("-Xmx1g"), "/opt/bench/mch-benchmark.jar", JAR, "cp"));
    assertEquals(List.of("java", "-jar", "/opt/bench/../bench/mch-benchmark.jar"),
        Benchmark.launcher("java", List.of(), "/opt/bench/../bench/mch-benchmark.jar", JAR, "cp"));
  }

  @Test
  void theJarOrFolderOfTheClassesIsFoundInEachFormOfLocation() {
    assertEquals(JAR, Benchmark.classesPath("jar:nested:/opt/bench/mch-benchmark.jar/!BOOT-INF/classes/!/"));
    assertEquals(JAR, Benchmark.classesPath("jar:file:/opt/bench/mch-benchmark.jar!/"));
    assertEquals(JAR, Benchmark.classesPath("file:/opt/bench/mch-benchmark.jar"));
    assertEquals(Path.of("/work/benchmark/target/classes"), Benchmark.classesPath("file:/work/benchmark/target/classes/"));
    assertEquals(Path.of("/opt/my bench/b.jar"), Benchmark.classesPath("jar:nested:/opt/my%20bench/b.jar/!BOOT-INF/classes/!/"));
  }

  @Test
  void startedFromAnotherJarOrAClassItStartsItsOwnClassOnTheClassPath() {
    List<String> byClass = List.of("java", "-Xmx1g", "-cp", "a.jar:b", Benchmark.class.getName());
    // A test runner's booter jar, a jar whose name ends like this one's, the same name elsewhere.
    for (String started : new String[] {"/tmp/surefirebooter1.jar", "/opt/bench/benchmark.jar",
        "/tmp/mch-benchmark.jar", "org.apache.maven.surefire.booter.ForkedBooter", ""}) {
      assertEquals(byClass, Benchmark.launcher("java", List.of("-Xmx1g"), started, JAR, "a.jar:b"), started);
    }
  }
}
