package cn.mch.platform;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dead-letters}: lists and replays dead letters through a running ingest node's API.
 */
final class DeadLetterCommand {

  static final String USAGE = """
      java -jar mch-platform.jar dead-letters list [--all] [--source S] [--reason R] [--limit N] [--url U]
      java -jar mch-platform.jar dead-letters replay ID [--url U]
      java -jar mch-platform.jar dead-letters replay-all [--source S] [--reason R] [--url U]
        --url: the ingest node's push port (default http://localhost:8081, MCH_PUSH_HTTP_PORT)
        list: open dead letters, newest first (--all: resolved ones too); no payloads are shown""";

  private DeadLetterCommand() {}

  static int run(List<String> args) throws IOException, InterruptedException {
    if (args.isEmpty()) {
      throw new IllegalArgumentException(USAGE);
    }
    String url = "http://localhost:" + PlatformSettings.fromEnvironment().pushHttpPort();
    List<String> query = new ArrayList<>();
    String id = null;
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--all" -> query.add("open=false");
        case "--source", "--reason", "--limit" -> query.add(arg.substring(2) + "=" + encode(value(args, ++i, arg)));
        case "--url" -> url = value(args, ++i, arg);
        default -> {
          if (id != null || !arg.matches("\\d+")) {
            throw new IllegalArgumentException("Unexpected " + arg + "\n" + USAGE);
          }
          id = arg;
        }
      }
    }
    String q = query.isEmpty() ? "" : "?" + String.join("&", query);
    HttpRequest request = switch (args.get(0)) {
      case "list" -> HttpRequest.newBuilder(URI.create(url + "/ingest/dead-letters" + q)).GET().build();
      case "replay" -> {
        if (id == null) {
          throw new IllegalArgumentException("replay needs a dead letter id\n" + USAGE);
        }
        yield HttpRequest.newBuilder(URI.create(url + "/ingest/dead-letters/" + id + "/replay"))
            .POST(HttpRequest.BodyPublishers.noBody()).build();
      }
      case "replay-all" -> HttpRequest.newBuilder(URI.create(url + "/ingest/dead-letters/replay" + q))
          .POST(HttpRequest.BodyPublishers.noBody()).build();
      default -> throw new IllegalArgumentException(USAGE);
    };
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    System.out.println(response.body());
    return response.statusCode() == 200 ? 0 : 1;
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args.get(i);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
