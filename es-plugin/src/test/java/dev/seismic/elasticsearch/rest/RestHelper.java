package dev.seismic.elasticsearch.rest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.elasticsearch.http.HttpServerTransport;

/** Plain HTTP calls for tests that talk to a node the way curl would. */
public final class RestHelper implements AutoCloseable {

  /** Status, raw text and parsed JSON body (map, list, or the text itself). */
  public record Response(int status, String text, Object body) {}

  private final URI baseUri;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public RestHelper(URI baseUri) {
    this.baseUri = baseUri;
  }

  public URI baseUri() {
    return baseUri;
  }

  /** Where a node's HTTP layer listens (its published address). */
  public static URI httpUri(HttpServerTransport http) {
    var address = http.boundAddress().publishAddress().address();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  /** Stops the client's threads (test frameworks count leaked threads). */
  @Override
  public void close() {
    http.close();
  }

  /**
   * Sends a request; a body starting with '{' on several lines ending in '\n' is sent as NDJSON.
   */
  public Response send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(baseUri.resolve(path)).timeout(Duration.ofSeconds(120));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      boolean ndjson = path.contains("_bulk") || path.contains("_msearch");
      request.header("Content-Type", ndjson ? "application/x-ndjson" : "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(
        response.statusCode(), response.body(), ElasticsearchConformance.parse(response.body()));
  }

  /** Sends a request and fails unless it answered 2xx without bulk item errors. */
  public Response ok(String method, String path, String body)
      throws IOException, InterruptedException {
    Response response = send(method, path, body);
    if (response.status() / 100 != 2) {
      throw new AssertionError(
          method + " " + path + " answered " + response.status() + ": " + response.text());
    }
    if (path.contains("_bulk") && response.text().contains("\"errors\":true")) {
      throw new AssertionError(method + " " + path + " had item errors: " + response.text());
    }
    return response;
  }
}
