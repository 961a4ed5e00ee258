package dev.seismic.opensearch.rest;

import dev.seismic.rest.ConformanceEngine;
import java.util.List;
import java.util.Map;

/** OpenSearch for the shared REST cases: its codec setting and its own XContent JSON. */
public final class OpenSearchConformance implements ConformanceEngine {

  public static final OpenSearchConformance ENGINE = new OpenSearchConformance();

  /** OpenSearch's activation: {@code "index.codec": "seismic"}. */
  public static final Map<String, Object> SEISMIC_SETTINGS = Map.of("index.codec", "seismic");

  private OpenSearchConformance() {}

  @Override
  public String name() {
    return "opensearch";
  }

  @Override
  public Map<String, Object> seismicIndexSettings() {
    return SEISMIC_SETTINGS;
  }

  @Override
  public Object parseJson(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Object value = Json.parse(text);
      return value instanceof Map<?, ?> || value instanceof List<?> ? value : text;
    } catch (RuntimeException e) {
      return text;
    }
  }

  @Override
  public String writeJson(Object value) {
    return Json.write(value);
  }
}
