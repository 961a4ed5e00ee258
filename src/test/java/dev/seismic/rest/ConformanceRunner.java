package dev.seismic.rest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the shared REST conformance cases over plain HTTP against a node at {@code baseUri}, with no
 * client library in between: what is sent and checked is exactly what a user's curl would see.
 */
public final class ConformanceRunner implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI baseUri;
  private final ConformanceEngine engine;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public ConformanceRunner(URI baseUri, ConformanceEngine engine) {
    this.baseUri = baseUri;
    this.engine = engine;
  }

  /** Stops the client's threads (the test frameworks count leaked threads). */
  @Override
  public void close() {
    http.close();
  }

  /**
   * Runs every case against the node at {@code baseUri}, printing one line per case; returns the
   * failure messages (empty when all pass).
   */
  public static List<String> runAll(URI baseUri, ConformanceEngine engine)
      throws IOException, InterruptedException {
    List<ConformanceCase> cases = ConformanceCase.loadAll(engine);
    List<String> failures = new ArrayList<>();
    try (ConformanceRunner runner = new ConformanceRunner(baseUri, engine)) {
      for (ConformanceCase c : cases) {
        try {
          runner.run(c);
          System.out.println("[rest-conformance] PASS " + c);
        } catch (AssertionError e) {
          System.out.println("[rest-conformance] FAIL " + c);
          failures.add(e.getMessage());
        }
      }
    }
    System.out.println(
        "[rest-conformance] "
            + (cases.size() - failures.size())
            + " passed, "
            + failures.size()
            + " failed");
    return failures;
  }

  /** A response: status, parsed JSON body (a map, a list, or the text itself) and the text. */
  private record Response(int status, Object body, String text) {}

  /**
   * Runs every step, stopping at the first that fails (later steps depend on it); throws
   * AssertionError naming the case, step and mismatches. The indices the case names are deleted
   * before and after it, so cases are independent and can run in any order against one node.
   */
  public void run(ConformanceCase c) throws IOException, InterruptedException {
    List<String> indices = indicesNamedBy(c);
    deleteIndices(indices);
    try {
      for (int i = 0; i < c.steps().size(); i++) {
        ConformanceCase.Step step = c.steps().get(i);
        Response response = send(step.method(), step.path(), payload(step));
        List<String> problems = new ArrayList<>();
        if (step.expectedStatus().contains(response.status()) == false) {
          problems.add(
              "status: expected " + step.expectedStatus() + " but got " + response.status());
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
      if (first.isEmpty() == false
          && first.startsWith("_") == false
          && out.contains(first) == false) {
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

  private record Payload(String contentType, String text) {}

  private Response send(String method, String path, Payload payload)
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
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), engine.parseJson(response.body()), response.body());
  }

  private Payload payload(ConformanceCase.Step step) {
    if (step.ndjson() != null) {
      StringBuilder sb = new StringBuilder();
      for (Object line : step.ndjson()) {
        sb.append(raw(line)).append('\n');
      }
      return new Payload("application/x-ndjson", sb.toString());
    }
    return step.body() == null ? null : new Payload("application/json", raw(step.body()));
  }

  /**
   * A body or NDJSON line as sent: a JSON string is sent verbatim (so a case can send malformed
   * JSON, or numbers JSON does not have such as NaN); any other value is written as JSON.
   */
  private String raw(Object value) {
    return value instanceof String s ? s : engine.writeJson(value);
  }

  private static String abbreviate(String s) {
    return s == null ? "(none)" : s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
  }
}
