package cn.mch.ingest;

import java.util.concurrent.CountDownLatch;

/** Runs an ingest node on its own, apart from the FHIR server; settings as in {@link IngestSettings}. */
public final class IngestApplication {

  private IngestApplication() {}

  public static void main(String[] args) throws Exception {
    IngestRuntime runtime = IngestRuntime.create(IngestSettings.fromEnvironment()).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  stopped.countDown();
                },
                "ingest-shutdown"));
    stopped.await();
  }
}
