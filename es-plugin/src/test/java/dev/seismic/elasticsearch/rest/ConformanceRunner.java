package dev.seismic.elasticsearch.rest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.elasticsearch.common.Strings;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParserConfiguration;
import org.elasticsearch.xcontent.json.JsonXContent;

/**
 * Runs conformance cases over plain HTTP against a node at {@code baseUri}, with no client library
 * in between: what is sent and checked is exactly what a user's curl would see.
 */
public final class ConformanceRunner implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI baseUri;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ConformanceRunner(URI baseUri) {
    this.baseUri = baseUri;
  }

  @Override
  public void close() {
    http.close();
  }

  /** A response: status and parsed JSON body (a map, a list, or the raw text if not JSON). */
  record Response(int status, Object body, String text) {}

  /**
   * Runs every step, stopping at the first that fails (later steps depend on it); throws
   * AssertionError naming the case, step and mismatches. The indices the case names are deleted
   * before and after it.
   */
  void run(ConformanceCase c) throws IOException, InterruptedException {
    List<String> indices = indicesNamedBy(c);
    deleteIndices(indices);
    try {
      for (int i = 0; i < c.steps().size(); i++) {
        ConformanceCase.Step step = c.steps().get(i);
        Response response = send(step.method(), step.path(), payload(step));
        List<String> problems = new ArrayList<>();
        if (step.expectedStatus().contains(response.status()) == false) {
          problems.add("status: expected " + step.expectedStatus() + " but got " + response.status());
        }
        if (step.expectedBody() != null) {
          problems.addAll(JsonSubset.mismatches(step.expectedBody(), response.body()));
        }
        if (problems.isEmpty() == false) {
          throw new AssertionError(
              "REST case ["
                  + c.name()
                  + "] ("
                  + c.file().getFileName()
                  + "), step "
                  + (i + 1)
                  + " "
                  + step.method()
                  + " "
                  + step.path()
                  + ":\n  "
                  + String.join("\n  ", problems)
                  + "\n  response: "
                  + abbreviate(response.text()));
        }
      }
    } finally {
      deleteIndices(indices);
    }
  }

  /** The first path segment of every request, unless it is an API such as {@code _bulk}. */
  static List<String> indicesNamedBy(ConformanceCase c) {
    List<String> out = new ArrayList<>();
    for (ConformanceCase.Step step : c.steps()) {
      String path = step.path().startsWith("/") ? step.path().substring(1) : step.path();
      String first = path.split("[/?]", 2)[0];
      if (first.isEmpty() == false && first.startsWith("_") == false && out.contains(first) == false) {
        out.add(first);
      }
    }
    return out;
  }

  private void deleteIndices(List<String> indices) throws IOException, InterruptedException {
    if (indices.isEmpty() == false) {
      send("DELETE", "/" + String.join(",", indices) + "?ignore_unavailable=true", null);
    }
  }

  /** Sends one request; {@code payload} is null, a JSON string or NDJSON text. */
  Response send(String method, String path, Payload payload)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(baseUri.resolve(path.startsWith("/") ? path : "/" + path))
            .timeout(TIMEOUT);
    if (payload == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", payload.contentType());
      request.method(method, HttpRequest.BodyPublishers.ofString(payload.text()));
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), parse(response.body()), response.body());
  }

  record Payload(String contentType, String text) {
    static Payload json(Object body) throws IOException {
      return new Payload("application/json", toJson(body));
    }
  }

  private static Payload payload(ConformanceCase.Step step) throws IOException {
    if (step.ndjson() != null) {
      StringBuilder sb = new StringBuilder();
      for (Object line : step.ndjson()) {
        sb.append(toJson(line)).append('\n');
      }
      return new Payload("application/x-ndjson", sb.toString());
    }
    return step.body() == null ? null : Payload.json(step.body());
  }

  static String toJson(Object value) throws IOException {
    if (value instanceof String s) {
      return s; // a body given as raw text (e.g. deliberately malformed JSON)
    }
    try (XContentBuilder builder = JsonXContent.contentBuilder()) {
      builder.value(value);
      return Strings.toString(builder);
    }
  }

  /** Parses a JSON object or array keeping key order; anything else comes back as the text. */
  public static Object parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try (XContentParser parser =
        JsonXContent.jsonXContent.createParser(XContentParserConfiguration.EMPTY, text)) {
      return switch (parser.nextToken()) {
        case START_OBJECT -> parser.mapOrdered();
        case START_ARRAY -> parser.listOrderedMap();
        default -> text;
      };
    } catch (IOException | RuntimeException e) {
      return text;
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "(none)" : s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
  }
}
