package cn.mch.platform;

import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/** Entry point of {@code mch-platform.jar}: the whole platform with the demo hospital. */
public final class PlatformApplication {

  private PlatformApplication() {}

  public static void main(String[] args) throws Exception {
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
}
