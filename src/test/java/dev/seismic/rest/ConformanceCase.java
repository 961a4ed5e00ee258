package dev.seismic.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One shared REST conformance case, read from its JSON file (format in {@code
 * src/test/rest-conformance/README.md}):
 *
 * <pre>
 * {"name": ..., "steps": [{"request": {"method", "path", "body"?, "ndjson"?: [...]},
 *                         "expect": {"status": N or [N...], "body"?: subset}}]}
 * </pre>
 *
 * A case is read for one engine: its {@code "$seismic_index_settings": true} members become the
 * engine's settings, and the engine's own expectations replace the generic ones.
 */
public record ConformanceCase(String name, Path file, List<Step> steps) {

  /** The file name: what a test report shows for the case. */
  @Override
  public String toString() {
    return file.getFileName().toString();
  }

  /** The placeholder member for "whatever this engine needs to enable Seismic on an index". */
  public static final String SETTINGS_PLACEHOLDER = "$seismic_index_settings";

  /** The property naming the folder of case files (set by both plugins' poms). */
  public static final String DIR_PROPERTY = "rest.conformance.dir";

  /** The names under which a case's {@code expect} holds one engine's own values. */
  private static final List<String> ENGINES = List.of("elasticsearch", "opensearch");

  public record Step(
      String method,
      String path,
      Object body,
      List<Object> ndjson,
      List<Integer> expectedStatus,
      Object expectedBody) {}

  /** The folder of case files, from {@code -Drest.conformance.dir}. */
  public static Path dir() {
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir == null) {
      throw new IllegalStateException(
          "set -D" + DIR_PROPERTY + " to the src/test/rest-conformance folder (the poms do)");
    }
    return Path.of(dir);
  }

  /**
   * Every case file (*.json) in {@link #dir()}, sorted by file name so runs are repeatable. Fails
   * when there is none, so an empty run can never pass for a green one.
   */
  public static List<ConformanceCase> loadAll(ConformanceEngine engine) throws IOException {
    Path dir = dir();
    if (Files.isDirectory(dir) == false) {
      throw new IOException("no REST conformance folder at " + dir.toAbsolutePath());
    }
    List<ConformanceCase> cases;
    try (Stream<Path> files = Files.list(dir)) {
      cases =
          files
              .filter(f -> f.getFileName().toString().endsWith(".json"))
              .sorted()
              .map(f -> load(f, engine))
              .toList();
    }
    if (cases.isEmpty()) {
      throw new IOException("no REST conformance case (*.json) in " + dir.toAbsolutePath());
    }
    return cases;
  }

  @SuppressWarnings("unchecked")
  static ConformanceCase load(Path file, ConformanceEngine engine) {
    try {
      Object parsed = engine.parseJson(Files.readString(file));
      if (parsed instanceof Map<?, ?> == false) {
        throw new IllegalArgumentException("malformed REST case " + file + ": not a JSON object");
      }
      Map<String, Object> root = (Map<String, Object>) parsed;
      String name = (String) root.getOrDefault("name", file.getFileName().toString());
      Map<String, Object> settings = engine.seismicIndexSettings();
      List<Step> steps = new ArrayList<>();
      for (Object o : (List<Object>) require(root, "steps", file)) {
        Map<String, Object> step = (Map<String, Object>) o;
        Map<String, Object> request = (Map<String, Object>) require(step, "request", file);
        Map<String, Object> expect =
            forEngine((Map<String, Object>) require(step, "expect", file), engine.name());
        Object status = require(expect, "status", file);
        List<Integer> statuses =
            status instanceof List<?> l
                ? l.stream().map(s -> ((Number) s).intValue()).toList()
                : List.of(((Number) status).intValue());
        List<Object> ndjson = (List<Object>) request.get("ndjson");
        steps.add(
            new Step(
                (String) require(request, "method", file),
                (String) require(request, "path", file),
                withEngineSettings(request.get("body"), settings),
                ndjson == null
                    ? null
                    : ndjson.stream().map(line -> withEngineSettings(line, settings)).toList(),
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

  /**
   * An {@code expect} with one engine's overrides applied: where the engines legitimately differ, a
   * case writes {@code "elasticsearch": {...}} and/or {@code "opensearch": {...}} inside {@code
   * expect}, and the members of the one named {@code engine} replace the generic ones.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> forEngine(Map<String, Object> expect, String engine) {
    Map<String, Object> out = new LinkedHashMap<>(expect);
    ENGINES.forEach(out::remove);
    if (expect.get(engine) instanceof Map<?, ?> own) {
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
   * A copy of a JSON value with every {@code "$seismic_index_settings": true} member replaced by
   * the engine's settings: with their full keys in flat settings, without the {@code index.} prefix
   * inside an {@code "index"} object.
   */
  public static Object withEngineSettings(Object node, Map<String, Object> settings) {
    return replace(null, node, settings);
  }

  private static Object replace(String key, Object node, Map<String, Object> settings) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String k = (String) e.getKey();
        if (SETTINGS_PLACEHOLDER.equals(k)) {
          if (Boolean.TRUE.equals(e.getValue())) {
            settings.forEach(
                (s, v) -> out.put("index".equals(key) ? s.substring("index.".length()) : s, v));
          }
        } else {
          out.put(k, replace(k, e.getValue(), settings));
        }
      }
      return out;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(v -> replace(null, v, settings)).toList();
    }
    return node;
  }
}
