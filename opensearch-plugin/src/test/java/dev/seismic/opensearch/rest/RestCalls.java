package dev.seismic.opensearch.rest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import org.opensearch.http.HttpServerTransport;

/** Small JSON-over-HTTP calls for tests that need more than the conformance cases. */
public final class RestCalls {

  /** A response's status and parsed JSON body. */
  public record Reply(int status, Object body) {
    @SuppressWarnings("unchecked")
    public Map<String, Object> map() {
      return (Map<String, Object>) body;
    }

    /** Follows a dotted path of object keys and array indices, e.g. {@code hits.hits.0._id}. */
    public Object at(String path) {
      Object node = body;
      for (String part : path.split("\\.")) {
        node =
            node instanceof List<?> l
                ? l.get(Integer.parseInt(part))
                : ((Map<?, ?>) node).get(part);
      }
      return node;
    }
  }

  private final RestClient client;

  public RestCalls(RestClient client) {
    this.client = client;
  }

  /** Where a node's HTTP layer listens (its published address). */
  public static HttpHost httpHost(HttpServerTransport http) {
    InetSocketAddress address = http.boundAddress().publishAddress().address();
    return new HttpHost("http", address.getHostString(), address.getPort());
  }

  /** Sends a request; 4xx and 5xx come back as replies, not exceptions. */
  public Reply call(String method, String path, Object jsonBody) throws IOException {
    Request request = new Request(method, path);
    if (jsonBody != null) {
      request.setJsonEntity(jsonBody instanceof String s ? s : Json.write(jsonBody));
    }
    return send(request);
  }

  /** Sends newline-delimited JSON (for {@code _bulk}); a String line is sent as it is. */
  public Reply ndjson(String path, List<?> lines) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Object line : lines) {
      sb.append(line instanceof String s ? s : Json.write(line)).append('\n');
    }
    Request request = new Request("POST", path);
    request.setEntity(new StringEntity(sb.toString(), ContentType.create("application/x-ndjson")));
    return send(request);
  }

  /** Like {@link #call} but fails unless the status is 2xx. */
  public Reply ok(String method, String path, Object jsonBody) throws IOException {
    Reply reply = call(method, path, jsonBody);
    if (reply.status() / 100 != 2) {
      throw new AssertionError(method + " " + path + " -> " + reply.status() + ": " + reply.body());
    }
    return reply;
  }

  private Reply send(Request request) throws IOException {
    Response response;
    try {
      response = client.performRequest(request);
    } catch (ResponseException e) {
      response = e.getResponse();
    }
    String text = bodyText(response);
    Object body;
    try {
      body = text.isEmpty() ? null : Json.parse(text);
    } catch (RuntimeException e) {
      body = text;
    }
    return new Reply(response.getStatusLine().getStatusCode(), body);
  }

  /** The response body as text ("" when there is none). */
  static String bodyText(Response response) throws IOException {
    if (response.getEntity() == null) {
      return "";
    }
    try {
      return EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
    } catch (org.apache.hc.core5.http.ParseException e) {
      throw new IOException(e);
    }
  }
}
