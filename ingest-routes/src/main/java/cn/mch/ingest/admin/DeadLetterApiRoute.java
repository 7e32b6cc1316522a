package cn.mch.ingest.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The dead-letter API of an ingest node, beside the push endpoint:
 *
 * <ul>
 *   <li>{@code GET /ingest/dead-letters?open=true&source=&reason=&limit=100}: the dead letters,
 *       newest first, without their payloads;
 *   <li>{@code POST /ingest/dead-letters/<id>/replay}: replays one;
 *   <li>{@code POST /ingest/dead-letters/replay?source=&reason=}: replays every open one that
 *       matches.
 * </ul>
 */
public final class DeadLetterApiRoute extends RouteBuilder {

  public static final String ROUTE_ID = "dead-letter-api";
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

  private final int port;
  private final DeadLetterReplay replay;

  public DeadLetterApiRoute(int port, DeadLetterReplay replay) {
    this.port = port;
    this.replay = replay;
  }

  @Override
  public void configure() {
    fromF("netty-http:http://0.0.0.0:%d/ingest/dead-letters?matchOnUriPrefix=true&httpMethodRestrict=GET,POST", port)
        .routeId(ROUTE_ID)
        .process(this::handle).id(ROUTE_ID + "-handle");
  }

  private void handle(Exchange exchange) throws Exception {
    String method = exchange.getIn().getHeader(Exchange.HTTP_METHOD, String.class);
    String path = exchange.getIn().getHeader(Exchange.HTTP_PATH, "", String.class).replaceAll("^/+|/+$", "");
    String source = exchange.getIn().getHeader("source", String.class);
    String reason = exchange.getIn().getHeader("reason", String.class);
    Object answer;
    int status = 200;
    if ("GET".equals(method) && path.isEmpty()) {
      boolean open = !"false".equals(exchange.getIn().getHeader("open", String.class));
      int limit = Integer.parseInt(exchange.getIn().getHeader("limit", "100", String.class));
      answer = replay.deadLetters().list(open, blankToNull(source), blankToNull(reason), Math.min(limit, 10_000));
    } else if ("POST".equals(method) && path.equals("replay")) {
      answer = replay.replayAll(blankToNull(source), blankToNull(reason));
    } else if ("POST".equals(method) && path.matches("\\d{1,18}/replay")) {
      DeadLetterReplay.Outcome outcome = replay.replay(Long.parseLong(path.substring(0, path.indexOf('/'))));
      status = outcome.status().equals("not-found") ? 404 : 200;
      answer = outcome;
    } else {
      status = 404;
      answer = Map.of("error", "GET /ingest/dead-letters, POST /ingest/dead-letters/<id>/replay or POST /ingest/dead-letters/replay");
    }
    exchange.getMessage().setBody(JSON.writeValueAsString(answer));
    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
