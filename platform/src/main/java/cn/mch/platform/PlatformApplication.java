package cn.mch.platform;

import cn.mch.demo.GenerateSources;
import cn.mch.localpg.LocalPostgres;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code mch-platform.jar}: with no arguments, the whole platform with the demo
 * sources; {@code generate ...} fills the demo sources (see {@link GenerateSources#USAGE}); {@code
 * dead-letters ...} lists and replays dead letters (see {@link DeadLetterCommand#USAGE}).
 */
public final class PlatformApplication {

  private PlatformApplication() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      System.exit(command(List.of(args)));
      return;
    }
    Platform platform;
    try {
      platform = Platform.start(PlatformSettings.fromEnvironment());
    } catch (Exception e) {
      LoggerFactory.getLogger(PlatformApplication.class).error("The platform could not start", e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  platform.close();
                  stopped.countDown();
                },
                "platform-shutdown"));
    stopped.await();
  }

  /** Runs a command; returns the process exit code. */
  static int command(List<String> args) {
    if (args.get(0).equals("dead-letters")) {
      try {
        return DeadLetterCommand.run(args.subList(1, args.size()));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      } catch (Exception e) {
        System.err.println("The ingest node's API could not be reached: " + e.getMessage());
        return 1;
      }
    }
    if (!args.get(0).equals("generate")) {
      System.err.println("usage: java -jar mch-platform.jar [generate [options] | dead-letters ...]\n"
          + GenerateSources.USAGE + "\n" + DeadLetterCommand.USAGE);
      return 2;
    }
    try {
      GenerateSources.Options options = GenerateSources.Options.parse(args.subList(1, args.size()));
      if (options.jdbcUrl() != null) {
        GenerateSources.run(options);
        return 0;
      }
      PlatformSettings settings = PlatformSettings.fromEnvironment();
      try (LocalPostgres postgres =
          LocalPostgres.start(settings.dataDirectory().resolve("postgres"), settings.postgresPort())) {
        GenerateSources.run(
            options.onServer("jdbc:postgresql://localhost:" + postgres.port() + "/", postgres.username(), ""));
      }
      return 0;
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (Exception e) {
      LoggerFactory.getLogger(PlatformApplication.class).error("generate failed", e);
      return 1;
    }
  }
}
