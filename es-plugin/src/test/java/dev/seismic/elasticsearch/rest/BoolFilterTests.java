package dev.seismic.elasticsearch.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import dev.seismic.elasticsearch.SeismicHttpNodeTestCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The clauses of a {@code bool} around a {@code seismic} query that every hit must match ({@code
 * filter}, {@code must}, {@code must_not}, of every enclosing bool) and an alias filter restrict
 * the Seismic search itself, as Elasticsearch's kNN pre-filters do: a request gets {@code size}
 * hits whenever that many documents pass, the same hits as the {@code seismic} query's own {@code
 * filter} gives. One node of Elasticsearch's test framework over real HTTP.
 *
 * <p>The documents: {@value #DOCS} of them, document {@code i} scoring roughly {@code DOCS - i} (so
 * the best ones are the first), a quarter of them red ({@code i % 4 == 0}), five tagged rare. The
 * plain top {@value #SIZE} holds only a few red documents, which is what a filter applied after the
 * search would leave.
 */
public class BoolFilterTests extends SeismicHttpNodeTestCase {

  private static final int DOCS = 200;
  private static final int SIZE = 10;
  private static final List<Integer> RARE = List.of(3, 50, 97, 150, 199);

  private static String color(int i) {
    return List.of("red", "green", "blue", "yellow").get(i % 4);
  }

  /**
   * The documents, in two shards (each returns its own top k within the filter) and four bulks with
   * a refresh each, so that each shard has several segments.
   */
  private void index() throws Exception {
    rest()
        .ok(
            "PUT",
            "/docs",
            SeismicIndex.body(
                2,
                0,
                """
                {"vec": {"type": "seismic_vector"}, "color": {"type": "keyword"},
                 "tag": {"type": "keyword"}, "n": {"type": "integer"}}
                """));
    for (int batch = 0; batch < 4; batch++) {
      StringBuilder bulk = new StringBuilder();
      for (int i = batch * DOCS / 4 + 1; i <= (batch + 1) * DOCS / 4; i++) {
        bulk.append(String.format(Locale.ROOT, "{\"index\": {\"_id\": \"%d\"}}\n", i));
        bulk.append(
            String.format(
                Locale.ROOT,
                "{\"vec\": {\"a\": %.2f, \"b\": %.2f, \"c\": 1.0}, \"color\": \"%s\", \"n\": %d%s}\n",
                (DOCS + 1 - i) / 10.0,
                0.5 + (i % 7) / 10.0,
                color(i),
                i,
                RARE.contains(i) ? ", \"tag\": \"rare\"" : ""));
      }
      rest().ok("POST", "/docs/_bulk?refresh=true", bulk.toString());
    }
  }

  private static String seismic(String filter) {
    return "{\"seismic\": {\"field\": \"vec\", \"query_vector\": {\"a\": 1.0, \"b\": 0.2}"
        + (filter == null ? "" : ", \"filter\": " + filter)
        + "}}";
  }

  /** The hits of a search, best first, as Elasticsearch gives them. */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> search(String index, String query) throws Exception {
    var response =
        rest()
            .ok(
                "POST",
                "/" + index + "/_search",
                "{\"size\": " + SIZE + ", \"_source\": false, \"query\": " + query + "}");
    return (List<Map<String, Object>>)
        ((Map<String, Object>) ((Map<String, Object>) response.body()).get("hits")).get("hits");
  }

  /** The hits of a search as (id, score) pairs, best first. */
  private List<Map.Entry<Integer, Double>> hits(String index, String query) throws Exception {
    List<Map.Entry<Integer, Double>> result = new ArrayList<>();
    for (Map<String, Object> hit : search(index, query)) {
      result.add(Map.entry(Integer.parseInt((String) hit.get("_id")), score(hit)));
    }
    return result;
  }

  private static double score(Map<String, Object> hit) {
    return ((Number) hit.get("_score")).doubleValue();
  }

  private static List<Integer> ids(List<Map.Entry<Integer, Double>> hits) {
    return hits.stream().map(Map.Entry::getKey).toList();
  }

  private static List<String> colors(List<Map.Entry<Integer, Double>> hits) {
    return hits.stream().map(h -> color(h.getKey())).toList();
  }

  public void testFilterClauseGivesSizeHits() throws Exception {
    index();
    List<Map.Entry<Integer, Double>> unfiltered = hits("docs", seismic(null));
    assertThat(
        "a filter applied after the search would leave fewer than size hits",
        colors(unfiltered).stream().filter("red"::equals).count(),
        lessThan((long) SIZE));

    String red = "{\"term\": {\"color\": \"red\"}}";
    List<Map.Entry<Integer, Double>> inBool =
        hits("docs", "{\"bool\": {\"must\": [" + seismic(null) + "], \"filter\": [" + red + "]}}");
    assertEquals(SIZE, inBool.size());
    assertThat(colors(inBool), everyItem(equalTo("red")));
    assertEquals(hits("docs", seismic(red)), inBool);
  }

  public void testFilterMatchingFewerThanSizeGivesAllItMatches() throws Exception {
    index();
    String rare = "{\"term\": {\"tag\": \"rare\"}}";
    List<Map.Entry<Integer, Double>> inBool =
        hits("docs", "{\"bool\": {\"must\": [" + seismic(null) + "], \"filter\": [" + rare + "]}}");
    assertEquals(List.of(3, 50, 97, 150, 199), ids(inBool));
  }

  /** {@code must_not} clauses restrict the search too, as the kNN query's pre-filters do. */
  public void testMustNotClauses() throws Exception {
    index();
    String notRed = "{\"terms\": {\"color\": [\"green\", \"blue\", \"yellow\"]}}";
    List<Map.Entry<Integer, Double>> inBool =
        hits(
            "docs",
            "{\"bool\": {\"must\": [" + seismic(null) + "], \"must_not\": [" + notRed + "]}}");
    assertEquals(SIZE, inBool.size());
    assertEquals(hits("docs", seismic("{\"term\": {\"color\": \"red\"}}")), inBool);
  }

  /**
   * The clauses of every enclosing bool count, the query's own filter still applies, and a {@code
   * should} clause next to the Seismic one restricts nothing (a hit need not match it).
   */
  public void testNestedBoolsAndOwnFilter() throws Exception {
    index();
    String red = "{\"term\": {\"color\": \"red\"}}";
    String secondHalf = "{\"range\": {\"n\": {\"gte\": 100}}}";
    String even = "{\"terms\": {\"color\": [\"red\", \"blue\"]}}";
    String query =
        "{\"bool\": {\"filter\": ["
            + secondHalf
            + "], \"must\": [{\"bool\": {\"filter\": ["
            + red
            + "], \"must\": ["
            + seismic(even)
            + "], \"should\": [{\"term\": {\"tag\": \"rare\"}}]}}]}}";
    List<Map.Entry<Integer, Double>> inBools = hits("docs", query);
    assertEquals(SIZE, inBools.size());
    assertThat(colors(inBools), everyItem(equalTo("red")));
    assertThat(ids(inBools), everyItem(greaterThanOrEqualTo(100)));
    String direct = seismic("{\"bool\": {\"filter\": [" + red + ", " + secondHalf + "]}}");
    assertEquals(hits("docs", direct), inBools);
  }

  /** An alias's filter restricts the search as the kNN query's does. */
  public void testAliasFilter() throws Exception {
    index();
    rest()
        .ok(
            "POST",
            "/_aliases",
            """
            {"actions": [{"add": {"index": "docs", "alias": "red-docs",
                                  "filter": {"term": {"color": "red"}}}}]}
            """);
    List<Map.Entry<Integer, Double>> throughAlias = hits("red-docs", seismic(null));
    assertEquals(SIZE, throughAlias.size());
    assertEquals(hits("docs", seismic("{\"term\": {\"color\": \"red\"}}")), throughAlias);
  }

  /**
   * A Seismic field of nested documents: a bool clause on the parent documents selects the nested
   * documents of the parents it matches, as for the kNN query; each hit's inner hits are its nested
   * documents that share a token with the query, scored as the Seismic search scores them.
   */
  public void testClauseOnParentsOfNestedField() throws Exception {
    rest()
        .ok(
            "PUT",
            "/nested",
            SeismicIndex.body(
                1,
                0,
                """
                {"color": {"type": "keyword"},
                 "passages": {"type": "nested", "properties": {"vec": {"type": "seismic_vector"}}}}
                """));
    StringBuilder bulk = new StringBuilder();
    for (int i = 1; i <= DOCS; i++) {
      bulk.append(String.format(Locale.ROOT, "{\"index\": {\"_id\": \"%d\"}}\n", i));
      bulk.append(
          String.format(
              Locale.ROOT,
              "{\"color\": \"%s\", \"passages\": [{\"vec\": {\"a\": %.2f}}, {\"vec\": {\"b\": 1.0}}]}\n",
              color(i),
              (DOCS + 1 - i) / 10.0));
    }
    rest().ok("POST", "/nested/_bulk?refresh=true", bulk.toString());
    String nestedSeismic =
        "{\"nested\": {\"path\": \"passages\", \"query\": {\"seismic\": {\"field\":"
            + " \"passages.vec\", \"query_vector\": {\"a\": 1.0}}},"
            + " \"inner_hits\": {\"_source\": false}}}";
    List<Map<String, Object>> inBool =
        search(
            "nested",
            "{\"bool\": {\"must\": ["
                + nestedSeismic
                + "], \"filter\": [{\"term\": {\"color\": \"red\"}}]}}");
    assertEquals(
        List.of("4", "8", "12", "16", "20", "24", "28", "32", "36", "40"),
        inBool.stream().map(h -> h.get("_id")).toList());
    for (Map<String, Object> hit : inBool) {
      List<Map<String, Object>> inner = innerHits(hit);
      assertEquals(hit.toString(), 1, inner.size());
      assertEquals(hit.toString(), score(hit), score(inner.get(0)), 0.0);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> innerHits(Map<String, Object> hit) {
    var passages =
        (Map<String, Object>) ((Map<String, Object>) hit.get("inner_hits")).get("passages");
    return (List<Map<String, Object>>) ((Map<String, Object>) passages.get("hits")).get("hits");
  }
}
