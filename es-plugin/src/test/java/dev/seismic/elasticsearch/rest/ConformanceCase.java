package dev.seismic.elasticsearch.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParserConfiguration;
import org.elasticsearch.xcontent.json.JsonXContent;

/**
 * One shared REST conformance case, read from its JSON file:
 *
 * <pre>
 * {"name": ..., "steps": [{"request": {"method", "path", "body"?, "ndjson"?: [...]},
 *                         "expect": {"status": N or [N...], "body"?: subset}}]}
 * </pre>
 *
 * Engine activation is written as the object member {@code "$seismic_index_settings": true} inside
 * index settings; {@link #withEngineSettings} puts Elasticsearch's setting in its place.
 */
record ConformanceCase(String name, Path file, List<Step> steps) {

  /** The file name: what a test report shows for the case. */
  @Override
  public String toString() {
    return file.getFileName().toString();
  }

  /** The placeholder member for "whatever this engine needs to enable Seismic on an index". */
  static final String SETTINGS_PLACEHOLDER = "$seismic_index_settings";

  record Step(
      String method,
      String path,
      Object body,
      List<Object> ndjson,
      List<Integer> expectedStatus,
      Object expectedBody) {}

  /** Every case file (*.json) in a folder, sorted by file name so runs are repeatable. */
  static List<ConformanceCase> loadAll(Path dir) throws IOException {
    if (Files.isDirectory(dir) == false) {
      throw new IOException("no REST conformance folder at " + dir.toAbsolutePath());
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .sorted()
          .map(ConformanceCase::load)
          .toList();
    }
  }

  @SuppressWarnings("unchecked")
  static ConformanceCase load(Path file) {
    try (XContentParser parser =
        JsonXContent.jsonXContent.createParser(
            XContentParserConfiguration.EMPTY, Files.readString(file))) {
      Map<String, Object> root = parser.mapOrdered();
      String name = (String) root.getOrDefault("name", file.getFileName().toString());
      List<Step> steps = new ArrayList<>();
      for (Object o : (List<Object>) require(root, "steps", file)) {
        Map<String, Object> step = (Map<String, Object>) o;
        Map<String, Object> request = (Map<String, Object>) require(step, "request", file);
        Map<String, Object> expect =
            forThisEngine((Map<String, Object>) require(step, "expect", file));
        Object status = require(expect, "status", file);
        List<Integer> statuses =
            status instanceof List<?> l
                ? l.stream().map(s -> ((Number) s).intValue()).toList()
                : List.of(((Number) status).intValue());
        steps.add(
            new Step(
                (String) require(request, "method", file),
                (String) require(request, "path", file),
                withEngineSettings(request.get("body")),
                (List<Object>) request.get("ndjson"),
                statuses,
                expect.get("body")));
      }
      return new ConformanceCase(name, file, List.copyOf(steps));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read REST case " + file, e);
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("malformed REST case " + file + ": " + e, e);
    }
  }

  /** The engine name under which a case's {@code expect} may hold this engine's own values. */
  static final String ENGINE = "elasticsearch";

  /**
   * An {@code expect} with this engine's overrides applied: where the engines legitimately differ,
   * a case writes {@code "elasticsearch": {...}} and/or {@code "opensearch": {...}} inside {@code
   * expect}, and the members of the matching one replace the generic ones.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> forThisEngine(Map<String, Object> expect) {
    Map<String, Object> out = new LinkedHashMap<>(expect);
    out.remove("elasticsearch");
    out.remove("opensearch");
    if (expect.get(ENGINE) instanceof Map<?, ?> own) {
      out.putAll((Map<String, Object>) own);
    }
    return out;
  }

  private static Object require(Map<String, Object> map, String key, Path file) {
    Object value = map.get(key);
    if (value == null) {
      throw new IllegalArgumentException("REST case " + file + ": [" + key + "] is missing");
    }
    return value;
  }

  /**
   * Replaces every {@code "$seismic_index_settings": true} member: inside an {@code "index"}
   * object by {@code "seismic.enabled": true}, elsewhere (flat settings) by {@code
   * "index.seismic.enabled": true}.
   */
  static Object withEngineSettings(Object node) {
    return replace(null, node);
  }

  private static Object replace(String key, Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String k = (String) e.getKey();
        if (SETTINGS_PLACEHOLDER.equals(k)) {
          if (Boolean.TRUE.equals(e.getValue())) {
            out.put("index".equals(key) ? "seismic.enabled" : "index.seismic.enabled", true);
          }
        } else {
          out.put(k, replace(k, e.getValue()));
        }
      }
      return out;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(v -> replace(null, v)).toList();
    }
    return node;
  }
}
