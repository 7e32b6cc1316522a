package cn.mch.localpg;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * PostgreSQL refuses to run as root, and CI and many servers run as root. As root, this resolver
 * hands zonky a copy of the PostgreSQL archive in which {@code initdb}, {@code pg_ctl} and {@code
 * postgres} are small scripts that re-run the real binary inside a new user namespace ({@code
 * unshare --user}), where the process is the unprivileged overflow user and PostgreSQL accepts to
 * start. Files stay owned by the real user. As any other user it returns the archive unchanged.
 */
final class RootSafeBinaryResolver implements PgBinaryResolver {

  private static final Set<String> WRAPPED = Set.of("bin/initdb", "bin/pg_ctl", "bin/postgres");
  private static final String REAL_SUFFIX = ".real";
  /** The archive is only unpacked once, locally: favour speed over size. */
  private static final int FAST_PRESET = 0;

  private final Path cacheDirectory;

  private RootSafeBinaryResolver(Path cacheDirectory) {
    this.cacheDirectory = cacheDirectory;
  }

  static PgBinaryResolver create() {
    boolean root = new UnixSystem().getUid() == 0;
    Path cache = Path.of(System.getProperty("java.io.tmpdir"), "mch-embedded-pg");
    return root ? new RootSafeBinaryResolver(cache) : DefaultPostgresBinaryResolver.INSTANCE;
  }

  @Override
  public InputStream getPgBinary(String system, String machineHardware) throws IOException {
    Path wrapped = cacheDirectory.resolve("postgres-" + system + "-" + machineHardware + "-rootsafe.txz");
    if (!Files.exists(wrapped)) {
      Files.createDirectories(cacheDirectory);
      Path partial = Files.createTempFile(cacheDirectory, "postgres-", ".txz.partial");
      try (InputStream original =
              DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
        rewrite(original, out);
      }
      Files.move(partial, wrapped, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    return Files.newInputStream(wrapped);
  }

  private static void rewrite(InputStream original, OutputStream target) throws IOException {
    try (TarArchiveInputStream in =
            new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(original)));
        TarArchiveOutputStream out = new TarArchiveOutputStream(new XZCompressorOutputStream(target, FAST_PRESET))) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        if (WRAPPED.contains(name)) {
          TarArchiveEntry real = new TarArchiveEntry(entry.getName() + REAL_SUFFIX);
          real.setMode(entry.getMode());
          real.setSize(entry.getSize());
          out.putArchiveEntry(real);
          in.transferTo(out);
          out.closeArchiveEntry();

          byte[] script = wrapperScript(name.substring("bin/".length())).getBytes(StandardCharsets.UTF_8);
          TarArchiveEntry wrapper = new TarArchiveEntry(entry.getName());
          wrapper.setMode(0755);
          wrapper.setSize(script.length);
          out.putArchiveEntry(wrapper);
          out.write(script);
          out.closeArchiveEntry();
        } else {
          out.putArchiveEntry(entry);
          if (!entry.isDirectory() && !entry.isSymbolicLink()) {
            in.transferTo(out);
          }
          out.closeArchiveEntry();
        }
      }
    }
  }

  private static String wrapperScript(String binary) {
    return "#!/bin/sh\n"
        + "# PostgreSQL will not run as root: as root, run it in a new user namespace instead.\n"
        + "real=\"$(dirname \"$0\")/" + binary + REAL_SUFFIX + "\"\n"
        + "if [ \"$(id -u)\" = 0 ]; then exec unshare --user \"$real\" \"$@\"; fi\n"
        + "exec \"$real\" \"$@\"\n";
  }
}
