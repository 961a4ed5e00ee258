package dev.seismic.rest;

import java.util.Map;

/**
 * What the shared REST conformance cases need to know of one engine: its name in the cases, how it
 * turns Seismic on for an index, and its own JSON reader and writer (so the tests need no other
 * JSON library).
 */
public interface ConformanceEngine {

  /** The key under which a case's {@code expect} may hold this engine's own values. */
  String name();

  /** The index settings, with full keys ({@code index.…}), that turn the Seismic format on. */
  Map<String, Object> seismicIndexSettings();

  /**
   * A JSON object or array, keeping key order; null for blank text; any other text, JSON or not,
   * comes back as itself.
   */
  Object parseJson(String text);

  String writeJson(Object value);
}
