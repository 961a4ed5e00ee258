package dev.seismic.lucene.search;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.search.SeismicQueryParams.Tuning;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.tests.util.LuceneTestCase;

/** Names, defaults, validation and map parsing of the {@code seismic} query's parameters. */
public class TestSeismicQueryParams extends LuceneTestCase {

  private static Map<String, Object> query(Object... extra) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("field", "vec");
    map.put("query_vector", Map.of("a", 1.0, "b", 0.5));
    for (int i = 0; i < extra.length; i += 2) {
      map.put((String) extra[i], extra[i + 1]);
    }
    return map;
  }

  private static String refused(Map<String, ?> values) {
    return expectThrows(IllegalArgumentException.class, () -> SeismicQueryParams.fromMap(values))
        .getMessage();
  }

  public void testDefaultsAreTheQuerysConstants() {
    SeismicQueryParams p = SeismicQueryParams.fromMap(query());
    assertEquals("vec", p.field());
    assertNull(p.k());
    // Left out, query_cut and heap_factor stay unset: the field's defaults may still decide them.
    assertEquals(Tuning.NONE, p.tuning());
    assertFalse(p.toMap().containsKey("query_cut"));
    assertFalse(p.toMap().containsKey("heap_factor"));
    assertFalse(p.toMap().containsKey("knn"));
    // knn's default is the graph left alone: a SeismicQuery without withKnn.
    assertEquals(
        new Tuning(SeismicQuery.DEFAULT_QUERY_CUT, SeismicQuery.DEFAULT_HEAP_FACTOR, 0),
        Tuning.DEFAULTS);
    assertEquals(0, SeismicQueryParams.DEFAULT_KNN);
    assertEquals(SeismicQuery.DEFAULT_QUERY_CUT, SeismicQueryParams.DEFAULT_QUERY_CUT);
    assertEquals(SeismicQuery.DEFAULT_HEAP_FACTOR, SeismicQueryParams.DEFAULT_HEAP_FACTOR, 0f);
    assertEquals(p, SeismicQueryParams.of("vec", p.queryVector()));
    assertEquals(2, p.queryVector().size());
  }

  public void testNamesAndValues() {
    assertEquals(
        List.of("field", "query_vector", "k", "query_cut", "heap_factor", "knn"),
        SeismicQueryParams.NAMES);
    assertEquals(List.of("query_cut", "heap_factor", "knn"), Tuning.NAMES);
    SeismicQueryParams p =
        SeismicQueryParams.fromMap(query("k", 7, "query_cut", 3, "heap_factor", 0.9, "knn", 4));
    assertEquals(Integer.valueOf(7), p.k());
    assertEquals(new Tuning(3, 0.9f, 4), p.tuning());
    assertTrue(p.tuning().isComplete());
    // A value left out may come from the field's mapping: not complete without knn.
    assertFalse(
        SeismicQueryParams.fromMap(query("query_cut", 3, "heap_factor", 0.9))
            .tuning()
            .isComplete());
    assertEquals(new Tuning(3, null), SeismicQueryParams.fromMap(query("query_cut", 3)).tuning());
  }

  public void testRoundTripThroughMap() {
    Map<String, Object> vector = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      vector.put("t" + i, random().nextFloat() * 10 + Float.MIN_NORMAL);
    }
    Map<String, Object> values = query("query_vector", vector);
    if (random().nextBoolean()) {
      values.put("k", 1 + random().nextInt(1000));
    }
    if (random().nextBoolean()) {
      values.put("query_cut", 1 + random().nextInt(9));
    }
    if (random().nextBoolean()) {
      values.put("heap_factor", 0.01f + random().nextFloat() * 0.99f);
    }
    if (random().nextBoolean()) {
      values.put("knn", random().nextInt(BuildParams.MAX_NKNN + 1));
    }
    SeismicQueryParams p = SeismicQueryParams.fromMap(values);
    assertEquals(p, SeismicQueryParams.fromMap(p.toMap()));
    for (String name : List.of("k", "query_cut", "heap_factor", "knn")) {
      assertEquals(name, values.containsKey(name), p.toMap().containsKey(name));
    }
  }

  /** The rule: a string holding a number is that number, for weights and for parameters. */
  public void testNumericStringsAreNumbers() {
    SeismicQueryParams p =
        SeismicQueryParams.fromMap(
            query(
                "query_vector",
                Map.of("a", "1.5", "b", " 2 "),
                "k",
                "12",
                "query_cut",
                "4.0",
                "heap_factor",
                "0.75",
                "knn",
                " 8 "));
    assertEquals(
        SparseVector.of("vec", new String[] {"a", "b"}, new float[] {1.5f, 2f}), p.queryVector());
    assertEquals(Integer.valueOf(12), p.k());
    assertEquals(new Tuning(4, 0.75f, 8), p.tuning());
    assertEquals(1.5f, SeismicQueryParams.weight("vec", "a", "1.5"), 0f);
    assertEquals(3f, SeismicQueryParams.weight("vec", "a", 3L), 0f);
  }

  public void testBadWeightsNameFieldTokenAndValue() {
    assertContains(
        refused(query("query_vector", Map.of("a", "heavy"))),
        "field \"vec\", token \"a\"",
        "\"heavy\"");
    assertContains(refused(query("query_vector", Map.of("a", "NaN"))), "token \"a\"", "NaN");
    assertContains(
        refused(query("query_vector", Map.of("a", "Infinity"))), "token \"a\"", "Infinity");
    assertContains(refused(query("query_vector", Map.of("a", 3.5e38))), "token \"a\"", "Infinity");
    assertContains(refused(query("query_vector", Map.of("a", 0))), "token \"a\"", "zero");
    assertContains(refused(query("query_vector", Map.of("a", -1))), "token \"a\"", "negative");
    assertContains(refused(query("query_vector", Map.of("a", true))), "token \"a\"", "boolean");
    assertContains(refused(query("query_vector", Map.of("a", List.of(1)))), "token \"a\"", "array");
    assertContains(
        refused(query("query_vector", Map.of("a", Map.of("x", 1)))), "token \"a\"", "object");
    Map<String, Object> nullWeight = new HashMap<>();
    nullWeight.put("a", null);
    assertContains(refused(query("query_vector", nullWeight)), "token \"a\"", "null");
    assertContains(refused(query("query_vector", Map.of())), "empty");
    assertContains(refused(query("query_vector", Map.of("", 1))), "empty");
  }

  public void testBadParametersNameParameterAndValue() {
    assertContains(refused(query("k", 0)), "[k]", "[0]");
    assertContains(refused(query("k", -5)), "[k]", "[-5]");
    assertContains(refused(query("k", "ten")), "[k]", "\"ten\"");
    assertContains(refused(query("k", true)), "[k]", "true");
    assertContains(refused(query("k", Map.of("value", 10))), "[k]", "object");
    assertContains(refused(query("k", List.of(10))), "[k]", "array");
    assertContains(refused(query("k", 10_000_000_000L)), "[k]", "10000000000");
    assertContains(refused(query("k", new BigInteger("99999999999999999999"))), "[k]");
    assertContains(refused(query("k", 2.5)), "[k]", "2.5");
    assertContains(refused(query("k", "2.5")), "[k]", "2.5");
    Map<String, Object> nullK = query();
    nullK.put("k", null);
    assertContains(refused(nullK), "[k]", "null");
    assertContains(refused(query("query_cut", 0)), "[query_cut]", "[0]");
    assertContains(refused(query("query_cut", "all")), "[query_cut]", "\"all\"");
    assertContains(refused(query("query_cut", 10_000_000_000L)), "[query_cut]");
    assertContains(refused(query("heap_factor", 0)), "[heap_factor]", "[0.0]");
    assertContains(refused(query("heap_factor", 1.5)), "[heap_factor]", "1.5");
    assertContains(refused(query("heap_factor", -0.5)), "[heap_factor]", "-0.5");
    assertContains(refused(query("heap_factor", "high")), "[heap_factor]", "\"high\"");
    assertContains(refused(query("heap_factor", "NaN")), "[heap_factor]", "NaN");
    assertContains(refused(query("heap_factor", List.of(0.5))), "[heap_factor]", "array");
  }

  /** knn: an integer in [0, MAX_NKNN], by the query's rules; messages name knn and the range. */
  public void testKnnValues() {
    assertEquals(Integer.valueOf(0), SeismicQueryParams.fromMap(query("knn", 0)).tuning().knn());
    assertEquals(
        Integer.valueOf(BuildParams.MAX_NKNN),
        SeismicQueryParams.fromMap(query("knn", "256")).tuning().knn());
    assertEquals(
        Integer.valueOf(10), SeismicQueryParams.fromMap(query("knn", 10.0)).tuning().knn());
    assertContains(refused(query("knn", -1)), "[knn] must be an integer in [0, 256], got [-1]");
    assertContains(refused(query("knn", 300)), "[knn] must be an integer in [0, 256], got [300]");
    assertContains(refused(query("knn", "300")), "[knn]", "[0, 256]", "[300]");
    assertContains(refused(query("knn", 10.5)), "[knn] must be an integer in [0, 256], got [10.5]");
    assertContains(refused(query("knn", "many")), "[knn]", "\"many\"");
    assertContains(refused(query("knn", true)), "[knn]", "boolean");
    assertContains(refused(query("knn", List.of(5))), "[knn]", "array");
    assertContains(refused(query("knn", 10_000_000_000L)), "[knn]", "[0, 256]", "10000000000");
    Map<String, Object> nullKnn = query();
    nullKnn.put("knn", null);
    assertContains(refused(nullKnn), "[knn]", "null");
    assertContains(
        expectThrows(IllegalArgumentException.class, () -> new Tuning(null, null, 257))
            .getMessage(),
        "[knn]",
        "[257]");
  }

  /** knn reaches the Lucene query; 0 (given or by default) leaves it without refinement. */
  public void testKnnToQuery() {
    SparseVector v = SparseVector.of("vec", Map.of("a", 1f));
    SeismicQuery plain = new SeismicQuery("vec", v, 10, 2, 0.5f, null);
    SeismicQuery refined =
        new SeismicQueryParams("vec", v, null, new Tuning(2, 0.5f, 16))
            .toQuery("vec", 10, Tuning.NONE, null);
    assertEquals(16, refined.getKnn());
    assertEquals(plain.withKnn(16), refined);
    assertNotEquals(plain, refined);
    SeismicQuery none =
        new SeismicQueryParams("vec", v, null, new Tuning(2, 0.5f))
            .toQuery("vec", 10, Tuning.NONE, null);
    assertEquals(0, none.getKnn());
    assertEquals(plain, none);
    // The field's default applies when the query leaves knn out; the query's own 0 wins over it.
    Tuning field = new Tuning(null, null, 8);
    assertEquals(
        8,
        new SeismicQueryParams("vec", v, null, new Tuning(2, 0.5f))
            .toQuery("vec", 10, field, null)
            .getKnn());
    assertEquals(
        0,
        new SeismicQueryParams("vec", v, null, new Tuning(2, 0.5f, 0))
            .toQuery("vec", 10, field, null)
            .getKnn());
    assertEquals(new Tuning(7, 0.9f, 8), new Tuning(7, 0.9f).orElse(new Tuning(1, 0.1f, 8)));
  }

  public void testFieldAndVectorRequiredAndTyped() {
    Map<String, Object> noField = query();
    noField.remove("field");
    assertContains(refused(noField), "[field]");
    Map<String, Object> noVector = query();
    noVector.remove("query_vector");
    assertContains(refused(noVector), "[query_vector]");
    assertContains(refused(query("field", Map.of("name", "vec"))), "[field]");
    assertContains(refused(query("field", "")), "[field]");
    assertContains(refused(query("query_vector", "a b")), "[query_vector]", "a b");
    assertContains(refused(query("query_vector", List.of(Map.of("a", 1)))), "[query_vector]");
  }

  public void testUnknownParameterNamed() {
    assertContains(refused(query("no_such_option", 1)), "[no_such_option]", "query_cut");
  }

  public void testResolveK() {
    SeismicQueryParams noK = SeismicQueryParams.fromMap(query());
    assertEquals(50, noK.resolveK(0, 50));
    assertEquals(30, noK.resolveK(20, 10));
    assertEquals(SeismicQueryParams.DEFAULT_K, noK.resolveK(-1, -1));
    assertEquals(15, noK.resolveK(5, -1));
    assertEquals(SeismicQueryParams.DEFAULT_K, noK.resolveK(0, 0));
    assertEquals(SeismicQueryParams.DEFAULT_K, noK.resolveK());
    assertEquals(Integer.MAX_VALUE, noK.resolveK(Integer.MAX_VALUE, Integer.MAX_VALUE));
    SeismicQueryParams k3 = noK.withK(3);
    assertEquals(3, k3.resolveK(0, 50));
    assertEquals(3, k3.resolveK());
    expectThrows(IllegalArgumentException.class, () -> noK.withK(0));
  }

  public void testCheckKNamesLimitAndSetting() {
    SeismicQueryParams.checkK(10_000, 10_000, "index.max_result_window");
    String message =
        expectThrows(
                IllegalArgumentException.class,
                () -> SeismicQueryParams.checkK(100_000, 10_000, "index.max_result_window"))
            .getMessage();
    assertContains(message, "[k]", "100000", "10000", "index.max_result_window");
  }

  public void testVectorFromLists() {
    assertEquals(
        SparseVector.of("vec", Map.of("a", 1.5f, "b", 2f)),
        SeismicQueryParams.vector("vec", List.of("b", "a"), List.of(2, "1.5")));
    assertContains(
        expectThrows(
                IllegalArgumentException.class,
                () -> SeismicQueryParams.vector("vec", List.of("a", "a"), List.of(1, 2)))
            .getMessage(),
        "token \"a\"",
        "twice");
  }

  public void testToQueryAndWrongFieldType() {
    SeismicQueryParams p = SeismicQueryParams.fromMap(query("query_cut", 2, "heap_factor", 0.5));
    assertEquals(
        new SeismicQuery("vec", p.queryVector(), 7, 2, 0.5f, null),
        p.toQuery("vec", 7, Tuning.NONE, null));
    assertContains(
        p.wrongFieldType("text").getMessage(), "[seismic]", "[seismic_vector]", "[vec]", "[text]");
  }

  public void testConstructorValidates() {
    SparseVector v = SparseVector.of("vec", Map.of("a", 1f));
    Tuning one = new Tuning(1, 1f);
    expectThrows(IllegalArgumentException.class, () -> new SeismicQueryParams(null, v, 1, one));
    expectThrows(IllegalArgumentException.class, () -> new SeismicQueryParams("vec", null, 1, one));
    expectThrows(
        IllegalArgumentException.class,
        () -> new SeismicQueryParams("vec", SparseVector.EMPTY, 1, one));
    expectThrows(IllegalArgumentException.class, () -> new SeismicQueryParams("vec", v, 0, one));
    assertContains(
        expectThrows(IllegalArgumentException.class, () -> new Tuning(0, null)).getMessage(),
        "[query_cut]",
        "[0]");
    assertContains(
        expectThrows(IllegalArgumentException.class, () -> new Tuning(null, 0f)).getMessage(),
        "[heap_factor]",
        "[0.0]");
    expectThrows(IllegalArgumentException.class, () -> new Tuning(null, Float.NaN));
    new SeismicQueryParams("vec", v, null, new Tuning(Integer.MAX_VALUE, Float.MIN_VALUE));
    assertEquals(Tuning.NONE, new SeismicQueryParams("vec", v, null, null).tuning());
  }

  /** Each value: the query's own, else the field's search default, else the core's default. */
  public void testPrecedenceQueryThenFieldThenCore() {
    SparseVector v = SparseVector.of("vec", Map.of("a", 1f));
    Tuning field = new Tuning(2, 0.9f);
    assertEquals(
        new SeismicQuery("vec", v, 10, 2, 0.9f, null),
        SeismicQueryParams.of("vec", v).toQuery("vec", 10, field, null));
    assertEquals(
        new SeismicQuery("vec", v, 10, 7, 0.9f, null),
        new SeismicQueryParams("vec", v, null, new Tuning(7, null))
            .toQuery("vec", 10, field, null));
    assertEquals(
        new SeismicQuery("vec", v, 10, 7, 0.3f, null),
        new SeismicQueryParams("vec", v, null, new Tuning(7, 0.3f))
            .toQuery("vec", 10, field, null));
    assertEquals(
        new SeismicQuery(
            "vec", v, 10, SeismicQuery.DEFAULT_QUERY_CUT, SeismicQuery.DEFAULT_HEAP_FACTOR, null),
        SeismicQueryParams.of("vec", v).toQuery("vec", 10, Tuning.NONE, null));
    assertEquals(
        new SeismicQuery("vec", v, 10, SeismicQuery.DEFAULT_QUERY_CUT, 0.9f, null),
        SeismicQueryParams.of("vec", v).toQuery("vec", 10, new Tuning(null, 0.9f), null));
    assertEquals(new Tuning(7, 0.9f), new Tuning(7, null).orElse(field));
    assertFalse(new Tuning(7, null).isComplete());
  }

  /** A field's search defaults: the query's rules for each value, the field and name in errors. */
  public void testSearchDefaults() {
    assertEquals(
        new Tuning(3, 0.8f),
        SeismicQueryParams.searchDefaults("vec", Map.of("query_cut", "3", "heap_factor", 0.8)));
    assertEquals(
        new Tuning(null, 0.8f),
        SeismicQueryParams.searchDefaults("vec", Map.of("heap_factor", 0.8)));
    assertEquals(Tuning.NONE, SeismicQueryParams.searchDefaults("vec", Map.of()));
    Tuning t = new Tuning(4, 0.7f);
    assertEquals(t, SeismicQueryParams.searchDefaults("vec", t.toMap()));
    assertEquals(Map.of("query_cut", 4), new Tuning(4, null).toMap());
    assertContains(
        refusedDefaults(Map.of("query_cut", 0)),
        "field [vec]",
        "seismic_vector",
        "search_defaults",
        "[query_cut] must be at least 1, got [0]");
    assertContains(refusedDefaults(Map.of("query_cut", 2.5)), "field [vec]", "[query_cut]", "2.5");
    assertContains(
        refusedDefaults(Map.of("heap_factor", 1.5)),
        "field [vec]",
        "search_defaults",
        "[heap_factor] must be in (0, 1], got [1.5]");
    assertContains(refusedDefaults(Map.of("heap_factor", "fast")), "[heap_factor]", "\"fast\"");
    assertEquals(
        new Tuning(null, null, 12), SeismicQueryParams.searchDefaults("vec", Map.of("knn", "12")));
    assertEquals(
        Map.of("knn", 12), SeismicQueryParams.searchDefaults("vec", Map.of("knn", 12)).toMap());
    assertContains(
        refusedDefaults(Map.of("knn", 300)),
        "field [vec]",
        "search_defaults",
        "[knn] must be an integer in [0, 256], got [300]");
    assertContains(refusedDefaults(Map.of("knn", 2.5)), "field [vec]", "[knn]", "2.5");
    assertContains(
        refusedDefaults(Map.of("k", 10)),
        "field [vec]",
        "search_defaults",
        "[k]",
        "query_cut, heap_factor, knn");
    Map<String, Object> nullValue = new HashMap<>();
    nullValue.put("query_cut", null);
    assertContains(refusedDefaults(nullValue), "field [vec]", "[query_cut]", "null");
    assertContains(refusedDefaults("fast"), "field [vec]", "search_defaults", "object", "fast");
    assertContains(refusedDefaults(List.of(3)), "field [vec]", "search_defaults", "array");
  }

  /** A field's build parameters, one at a time: the core's rules, the field and name in errors. */
  public void testBuildParam() {
    assertEquals(
        Integer.valueOf(500),
        SeismicQueryParams.buildParam("vec", "n_postings", 500, BuildParams::nPostings));
    assertEquals(
        Integer.valueOf(500),
        SeismicQueryParams.buildParam("vec", "n_postings", "500", BuildParams::nPostings));
    assertEquals(
        Float.valueOf(0.3f),
        SeismicQueryParams.buildParam("vec", "summary_energy", 0.3, BuildParams::summaryEnergy));
    assertContains(
        refusedBuildParam("n_postings", 0),
        "field [vec] of type [seismic_vector]: ",
        "[n_postings] must be an integer >= 1, got [0]");
    assertContains(
        refusedBuildParam("n_postings", 1.5), "field [vec]", "[n_postings]", "integer", "1.5");
    assertContains(
        refusedBuildParam("centroid_fraction", "half"),
        "field [vec]",
        "[centroid_fraction] must be a number, got [half]");
    assertContains(
        refusedBuildParam("doc_cut", 10_000_000_000L), "field [vec]", "[doc_cut]", "32-bit");
  }

  private static String refusedBuildParam(String name, Object value) {
    return expectThrows(
            IllegalArgumentException.class,
            () -> SeismicQueryParams.buildParam("vec", name, value, BuildParams::docCut))
        .getMessage();
  }

  private static String refusedDefaults(Object value) {
    return expectThrows(
            IllegalArgumentException.class, () -> SeismicQueryParams.searchDefaults("vec", value))
        .getMessage();
  }

  private static void assertContains(String message, String... parts) {
    List<String> missing = new ArrayList<>();
    for (String part : parts) {
      if (!message.contains(part)) {
        missing.add(part);
      }
    }
    assertTrue("message [" + message + "] lacks " + missing, missing.isEmpty());
  }
}
