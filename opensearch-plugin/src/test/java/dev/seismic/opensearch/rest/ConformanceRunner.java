package dev.seismic.opensearch.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * Runs the shared REST conformance cases (one JSON file per case, format in {@code
 * src/test/rest-conformance/README.md}) against a running node over HTTP.
 *
 * <p>The runner knows one engine-specific thing, the settings that turn Seismic on for an index;
 * they replace the {@code "$seismic_index_settings": true} member wherever a case puts it. Every
 * index a case names in a request path is deleted before and after the case, so cases are
 * independent and can run in any order against the same node.
 */
public final class ConformanceRunner {

  public static final String SETTINGS_PLACEHOLDER = "$seismic_index_settings";

  /** OpenSearch's activation: {@code "index.codec": "seismic"}. */
  public static final Map<String, Object> OPENSEARCH_SETTINGS = Map.of("index.codec", "seismic");

  private final RestClient client;
  private final Map<String, Object> seismicIndexSettings;

  /**
   * @param seismicIndexSettings fully qualified setting keys ({@code index.…}) and values
   */
  public ConformanceRunner(RestClient client, Map<String, Object> seismicIndexSettings) {
    this.client = client;
    this.seismicIndexSettings = seismicIndexSettings;
  }

  /** The case files, sorted by name; the folder comes from the {@code conformance.dir} property. */
  public static List<Path> caseFiles() throws IOException {
    String dir = System.getProperty("conformance.dir");
    if (dir == null || !Files.isDirectory(Path.of(dir))) {
      throw new IllegalStateException(
          "system property conformance.dir must name the src/test/rest-conformance folder, got "
              + dir);
    }
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      List<Path> cases =
          files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
      if (cases.isEmpty()) {
        throw new IllegalStateException("no *.json case in " + dir);
      }
      return cases;
    }
  }

  /** Runs every case; returns one line per failed case (empty when all pass). */
  public List<String> runAll() throws IOException {
    List<String> failures = new ArrayList<>();
    for (Path file : caseFiles()) {
      String failure = run(file);
      if (failure != null) {
        failures.add(failure);
      }
    }
    return failures;
  }

  /** Runs one case file; returns why it failed, or null when it passed. */
  public String run(Path file) throws IOException {
    Map<String, Object> testCase;
    try (InputStream in = Files.newInputStream(file)) {
      testCase = Json.parseObject(in);
    }
    String name = file.getFileName() + " (" + testCase.get("name") + ")";
    List<Map<String, Object>> steps = list(testCase.get("steps"));
    Set<String> indices = indices(steps);
    deleteIndices(indices);
    try {
      for (int i = 0; i < steps.size(); i++) {
        String failure = runStep(steps.get(i));
        if (failure != null) {
          return name + ", step " + (i + 1) + ": " + failure;
        }
      }
      return null;
    } finally {
      deleteIndices(indices);
    }
  }

  private String runStep(Map<String, Object> step) throws IOException {
    Map<String, Object> request = map(step.get("request"));
    Map<String, Object> expect = forThisEngine(map(step.get("expect")));
    String method = (String) request.get("method");
    String path = (String) request.get("path");
    Request http = toRequest(method, path, request);
    Response response;
    try {
      response = client.performRequest(http);
    } catch (ResponseException e) {
      response = e.getResponse();
    }
    int status = response.getStatusLine().getStatusCode();
    String body = RestCalls.bodyText(response);
    String where = method + " " + path;
    if (!statusMatches(expect.get("status"), status)) {
      return where + ": expected status " + expect.get("status") + ", got " + status + ": " + body;
    }
    if (expect.containsKey("body")) {
      Object actual;
      try {
        actual = Json.parse(body);
      } catch (RuntimeException e) {
        return where + ": the response is not JSON: " + body;
      }
      List<String> mismatches = SubsetMatcher.mismatches(expect.get("body"), actual);
      if (!mismatches.isEmpty()) {
        return where + ": " + String.join("; ", mismatches) + "\n    response: " + body;
      }
    }
    return null;
  }

  /** The engine name under which a case's {@code expect} may hold this engine's own values. */
  static final String ENGINE = "opensearch";

  /**
   * An {@code expect} with this engine's overrides applied: where the engines legitimately differ,
   * a case writes {@code "opensearch": {...}} and/or {@code "elasticsearch": {...}} inside {@code
   * expect}, and the members of the matching one replace the generic ones.
   */
  static Map<String, Object> forThisEngine(Map<String, Object> expect) {
    Map<String, Object> out = new LinkedHashMap<>(expect);
    out.remove("opensearch");
    out.remove("elasticsearch");
    if (expect.get(ENGINE) instanceof Map<?, ?> own) {
      own.forEach((k, v) -> out.put((String) k, v));
    }
    return out;
  }

  private Request toRequest(String method, String path, Map<String, Object> spec) {
    Request http = new Request(method, path);
    if (spec.containsKey("body")) {
      http.setJsonEntity(raw(substitute(spec.get("body"), null)));
    } else if (spec.containsKey("ndjson")) {
      StringBuilder lines = new StringBuilder();
      for (Object line : list(spec.get("ndjson"))) {
        lines.append(raw(substitute(line, null))).append('\n');
      }
      http.setEntity(
          new StringEntity(lines.toString(), ContentType.create("application/x-ndjson")));
    }
    return http;
  }

  /**
   * A body or NDJSON line as sent: a JSON string is sent verbatim (so a case can send malformed
   * JSON, or numbers JSON does not have such as NaN); any other value is written as JSON.
   */
  private static String raw(Object value) {
    return value instanceof String s ? s : Json.write(value);
  }

  /** Copies a JSON value, replacing each settings placeholder with the engine's settings. */
  Object substitute(Object value, String key) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = (String) e.getKey();
        if (k.equals(SETTINGS_PLACEHOLDER)) {
          if (Boolean.TRUE.equals(e.getValue())) {
            // Inside an "index" object the keys are relative to it.
            seismicIndexSettings.forEach(
                (s, v) ->
                    copy.put("index".equals(key) ? s.substring("index.".length()) : s, v));
          }
        } else {
          copy.put(k, substitute(e.getValue(), k));
        }
      }
      return copy;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(v -> substitute(v, null)).toList();
    }
    return value;
  }

  private static boolean statusMatches(Object expected, int status) {
    if (expected instanceof Number n) {
      return n.intValue() == status;
    }
    if (expected instanceof List<?> l) {
      return l.stream().anyMatch(v -> v instanceof Number n && n.intValue() == status);
    }
    throw new IllegalArgumentException("expect.status must be a number or a list of numbers");
  }

  /** The indices a case touches: the first segment of each request path not starting with _. */
  private static Set<String> indices(List<Map<String, Object>> steps) {
    Set<String> indices = new LinkedHashSet<>();
    for (Map<String, Object> step : steps) {
      String path = (String) map(step.get("request")).get("path");
      String first = path.replaceFirst("^/", "").split("[/?]", 2)[0];
      if (!first.isEmpty() && !first.startsWith("_")) {
        indices.add(first);
      }
    }
    return indices;
  }

  private void deleteIndices(Set<String> indices) throws IOException {
    for (String index : indices) {
      try {
        client.performRequest(new Request("DELETE", "/" + index));
      } catch (ResponseException e) {
        if (e.getResponse().getStatusLine().getStatusCode() != 404) {
          throw e;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }
}
