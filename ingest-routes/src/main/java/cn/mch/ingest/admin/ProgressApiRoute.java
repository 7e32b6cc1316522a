package cn.mch.ingest.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /ingest/progress}: per polling route, whether it is backfilling, rows done of the
 * total, rows per second and seconds left (the same figures the log gives every 10 seconds).
 */
public final class ProgressApiRoute extends RouteBuilder {

  public static final String ROUTE_ID = "progress-api";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final int port;
  private final Supplier<List<Map<String, Object>>> progress;

  public ProgressApiRoute(int port, Supplier<List<Map<String, Object>>> progress) {
    this.port = port;
    this.progress = progress;
  }

  @Override
  public void configure() {
    fromF("netty-http:http://0.0.0.0:%d/ingest/progress?httpMethodRestrict=GET", port)
        .routeId(ROUTE_ID)
        .process(this::handle).id(ROUTE_ID + "-handle");
  }

  private void handle(Exchange exchange) throws Exception {
    exchange.getMessage().setBody(JSON.writeValueAsString(progress.get()));
    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
  }
}
