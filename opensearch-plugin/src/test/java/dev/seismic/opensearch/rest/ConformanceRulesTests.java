package dev.seismic.opensearch.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.seismic.rest.ConformanceCase;
import dev.seismic.rest.JsonSubset;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The rules of the shared conformance cases (matching, engine overrides, settings placeholder),
 * each shown to accept and to refuse; run here because it needs an engine's JSON reader.
 */
@SuppressWarnings("unchecked")
public class ConformanceRulesTests {

  private static void matches(String expected, String actual) {
    List<String> m = JsonSubset.mismatches(Json.parse(expected), Json.parse(actual));
    assertTrue(m.toString(), m.isEmpty());
  }

  private static void differs(String expected, String actual, String path) {
    List<String> m = JsonSubset.mismatches(Json.parse(expected), Json.parse(actual));
    assertEquals(1, m.size());
    assertTrue(m.get(0), m.get(0).startsWith(path + ":"));
  }

  @Test
  public void objectsMatchOnListedKeys() {
    matches("{\"a\": 1}", "{\"a\": 1, \"b\": 2}");
    differs("{\"a\": 1, \"c\": 3}", "{\"a\": 1, \"b\": 2}", "$.c");
    differs("{\"a\": {\"b\": \"x\"}}", "{\"a\": {\"b\": \"y\"}}", "$.a.b");
  }

  @Test
  public void arraysMatchElementWiseWithTheSameLength() {
    matches("[{\"id\": 1}, {\"id\": 2}]", "[{\"id\": 1, \"s\": 0}, {\"id\": 2}]");
    differs("[1, 2]", "[1, 2, 3]", "$");
    differs("[1, 2]", "[1, 3]", "$[1]");
    differs("{\"h\": []}", "{\"h\": [1]}", "$.h");
  }

  @Test
  public void numbersMatchWithinRelativeTolerance() {
    matches("2.5", "2.50001");
    matches("3", "3.0");
    differs("2.5", "2.501", "$");
    differs("0", "0.001", "$");
  }

  @Test
  public void anyAndContains() {
    matches("{\"a\": \"$any\"}", "{\"a\": [1, 2]}");
    differs("{\"a\": \"$any\"}", "{}", "$.a");
    matches("\"$contains:n_postings\"", "\"[n_postings] must be >= 1\"");
    differs("\"$contains:n_postings\"", "\"[doc_cut] must be >= 1\"", "$");
    differs("\"$contains:1\"", "1", "$");
  }

  @Test
  public void matchesFindsARegularExpression() {
    matches(
        "\"$matches:field .vec.*negative\"",
        "\"field \\\"vec\\\", token \\\"a\\\": -1 is negative\"");
    differs("\"$matches:field .vec.*negative\"", "\"field \\\"vec\\\": the weight is NaN\"", "$");
    differs("\"$matches:negative\"", "-1", "$");
  }

  @Test
  public void engineOverridesReplaceTheGenericExpectation() {
    Map<String, Object> expect =
        ConformanceCase.forEngine(
            (Map<String, Object>)
                Json.parse(
                    "{\"status\": 201, \"body\": {\"a\": 1},"
                        + " \"elasticsearch\": {\"status\": 400},"
                        + " \"opensearch\": {\"body\": {\"b\": 2}}}"),
            "opensearch");
    assertEquals(Json.parse("{\"status\": 201, \"body\": {\"b\": 2}}"), expect);
  }

  @Test
  public void placeholderBecomesEngineSettings() {
    Map<String, Object> settings = Map.of("index.codec", "seismic");
    assertEquals(
        Json.parse(
            "{\"settings\": {\"index\": {\"codec\": \"seismic\", \"number_of_shards\": 1}}}"),
        ConformanceCase.withEngineSettings(
            Json.parse(
                "{\"settings\": {\"index\": {\"$seismic_index_settings\": true, \"number_of_shards\": 1}}}"),
            settings));
    assertEquals(
        Json.parse("{\"settings\": {\"index.codec\": \"seismic\"}}"),
        ConformanceCase.withEngineSettings(
            Json.parse("{\"settings\": {\"$seismic_index_settings\": true}}"), settings));
  }
}
