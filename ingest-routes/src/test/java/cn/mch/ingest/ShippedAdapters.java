package cn.mch.ingest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SQL adapters this module ships ({@code sql/<source>/<entity>.sql} on the classpath), the
 * sources they read, for tests that check every adapter.
 */
final class ShippedAdapters {

  /** The platform's own SQL (its ingest state), under {@code sql/} too but not an adapter. */
  private static final String PLATFORM = "platform";

  private ShippedAdapters() {}

  /** Sources with shipped adapters: the directories under {@code sql/}, in name order. */
  static List<String> sources() throws IOException {
    try (Stream<Path> entries = Files.list(resource("/sql"))) {
      return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(name -> !name.equals(PLATFORM)).sorted().toList();
    }
  }

  /** Every shipped adapter as {@code <source>/<file>}, by source and then file name. */
  static List<String> all() throws IOException {
    List<String> all = new ArrayList<>();
    for (String source : sources()) {
      all.addAll(of(source));
    }
    return all;
  }

  /** The adapters of a source, as {@code <source>/<file>}, in name order. */
  private static List<String> of(String source) throws IOException {
    try (Stream<Path> files = Files.list(resource("/sql/" + source))) {
      return files.map(p -> source + "/" + p.getFileName()).filter(n -> n.endsWith(".sql")).sorted().toList();
    }
  }

  /** The source an adapter ({@code <source>/<file>}) reads. */
  static String source(String adapter) {
    return adapter.substring(0, adapter.indexOf('/'));
  }

  private static Path resource(String name) {
    try {
      return Path.of(ShippedAdapters.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
