package dev.seismic.opensearch.cancel;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.seismic.cancel.GateQuery;
import dev.seismic.opensearch.SeismicHttpNodeTestCase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.plugins.Plugin;

/**
 * The request's {@code timeout} and {@code _tasks/_cancel} stop a Seismic search on a real node
 * (OpenSearch's single-node test framework, real HTTP). The search is made slow on purpose: its
 * filter ({@link GateQuery}) matches all 10,000 documents and waits at a gate before handing out
 * the first; {@code k} is 10,000. The filter reads nothing from the index, so only the Seismic
 * search's own looks at OpenSearch's checks (every 4,096 filter documents, every block or batch of
 * 64) can stop it: without them the whole filter is read.
 */
public class SeismicCancellationTests extends SeismicHttpNodeTestCase {

  private static final int DOCS = 10_000;
  private static final int CHECK_EVERY = 4096; // SliceSearch.Deadline.DOCS_BETWEEN_CHECKS

  @Override
  protected Collection<Class<? extends Plugin>> getPlugins() {
    List<Class<? extends Plugin>> plugins = new ArrayList<>(super.getPlugins());
    plugins.add(GatePlugin.class);
    return plugins;
  }

  /** Status, text and parsed body of an HTTP answer. */
  record Response(int status, String text, Map<String, Object> body) {}

  /** Plain HTTP to the node. */
  static final class Rest implements AutoCloseable {
    private final URI base;
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Rest(URI base) {
      this.base = base;
    }

    Response send(String method, String path, String body) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120));
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header(
            "Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
        request.method(method, HttpRequest.BodyPublishers.ofString(body));
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, Object> parsed =
          XContentHelper.convertToMap(JsonXContent.jsonXContent, response.body(), false);
      return new Response(response.statusCode(), response.body(), parsed);
    }

    Response ok(String method, String path, String body) throws Exception {
      Response response = send(method, path, body);
      if (response.status() / 100 != 2 || response.text().contains("\"errors\":true")) {
        throw new AssertionError(method + " " + path + ": " + response.text());
      }
      return response;
    }

    @Override
    public void close() {
      http.close();
    }
  }

  private Rest rest;
  private ExecutorService background;

  private Rest rest() {
    if (rest == null) {
      rest = new Rest(httpUri());
    }
    return rest;
  }

  @After
  public void closeClients() throws Exception {
    GateQuery.open();
    if (background != null) {
      background.shutdownNow();
      background.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (rest != null) {
      rest.close();
      rest = null;
    }
  }

  private void index() throws Exception {
    index(1, "");
  }

  /**
   * {@code shards} shards, the documents routed by {@code routing} (empty for none). OpenSearch
   * runs a search on one shard as {@code query_then_fetch} whatever its {@code search_type} ({@code
   * TransportSearchAction}), so a DFS phase needs two shards at least.
   */
  private void index(int shards, String routing) throws Exception {
    rest()
        .ok(
            "PUT",
            "/slow",
            // Locale.ROOT: the test framework picks a random default locale, whose digits may not
            // be ASCII (seed BFA97DBA912D0435 sent a shard count the JSON parser refused).
            String.format(
                Locale.ROOT,
                """
                {"settings": {"index": {"number_of_shards": %d, "number_of_replicas": 0,
                                        "codec": "seismic"}},
                 "mappings": {"properties": {"vec": {"type": "seismic_vector"}}}}
                """,
                shards));
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < DOCS; i++) {
      bulk.append("{\"index\":{}}\n{\"vec\":{\"common\":0.5,\"t")
          .append(i % 50)
          .append("\":1.0,\"u")
          .append(i % 7)
          .append("\":0.25}}\n");
    }
    rest.ok(
        "POST", "/slow/_bulk" + (routing.isEmpty() ? "" : "?routing=" + routing), bulk.toString());
    rest.ok("POST", "/slow/_forcemerge?max_num_segments=1", null);
    rest.ok("POST", "/slow/_refresh", null);
  }

  private static String search(String extra) {
    return """
        {%s "size": 10, "query": {"seismic": {"field": "vec",
          "query_vector": {"common": 1.0, "t3": 0.5}, "k": 10000,
          "filter": {"seismic_test_gate": {}}}}}
        """
        .formatted(extra);
  }

  public void testTimeoutStopsTheSearchWithinOneCheck() throws Exception {
    timeoutStopsTheSearch("query_then_fetch");
  }

  /**
   * Under {@code dfs_query_then_fetch} too: the DFS phase creates the query's weight with a
   * searcher of its own that has no timeout, so the Seismic search must not run there.
   */
  public void testTimeoutStopsTheSearchUnderDfs() throws Exception {
    timeoutStopsTheSearch("dfs_query_then_fetch");
  }

  public void testTaskCancellationStopsTheSearch() throws Exception {
    cancellationStopsTheSearch("query_then_fetch");
  }

  public void testTaskCancellationStopsTheSearchUnderDfs() throws Exception {
    cancellationStopsTheSearch("dfs_query_then_fetch");
  }

  /**
   * {@code dfs_query_then_fetch} finds what {@code query_then_fetch} finds, and searches once: the
   * DFS phase collects no statistics for a query that scores by dot products.
   */
  @SuppressWarnings("unchecked")
  public void testDfsFindsTheSameHitsSearchingOnce() throws Exception {
    index(2, ""); // documents on both shards: the filter is read once per shard and search
    String request =
        """
        {"size": 20, "query": {"bool": {"should": [
          {"seismic": {"field": "vec", "query_vector": {"common": 1.0, "t3": 0.5, "u2": 0.75},
                       "k": 100, "filter": {"seismic_test_gate": {}}}}]}}}
        """;
    GateQuery.pause(0);
    var plain = rest.ok("POST", "/slow/_search?search_type=query_then_fetch", request);
    assertThat("one search reads the filter once", GateQuery.read(), equalTo((long) DOCS));
    GateQuery.pause(0);
    var dfs = rest.ok("POST", "/slow/_search?search_type=dfs_query_then_fetch", request);
    assertThat("the DFS phase does not search", GateQuery.read(), equalTo((long) DOCS));

    List<?> plainHits = (List<?>) ((Map<String, Object>) plain.body().get("hits")).get("hits");
    List<?> dfsHits = (List<?>) ((Map<String, Object>) dfs.body().get("hits")).get("hits");
    assertThat(plain.text(), plainHits.size(), equalTo(20));
    assertThat(dfs.text(), idsAndScores(dfsHits), equalTo(idsAndScores(plainHits)));
    assertThat(
        dfs.text(),
        ((Map<String, Object>) dfs.body().get("hits")).get("total"),
        equalTo(((Map<String, Object>) plain.body().get("hits")).get("total")));
  }

  /**
   * One shard for {@code query_then_fetch}; for a DFS phase two, all documents routed to one, so
   * that the gate's count is that one shard's search.
   */
  private void indexFor(String searchType) throws Exception {
    if (searchType.startsWith("dfs")) {
      index(2, "one");
    } else {
      index();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> idsAndScores(List<?> hits) {
    List<String> out = new ArrayList<>();
    for (Object hit : hits) {
      Map<String, Object> h = (Map<String, Object>) hit;
      out.add(h.get("_id") + "=" + h.get("_score"));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private void timeoutStopsTheSearch(String searchType) throws Exception {
    indexFor(searchType);
    String path = "/slow/_search?search_type=" + searchType;
    GateQuery.pause(0);
    var full = rest.ok("POST", path, search(""));
    Map<String, Object> body = (Map<String, Object>) full.body();
    assertThat(full.text(), body.get("timed_out"), equalTo(false));
    assertThat(
        "without a timeout the whole filter is read", GateQuery.read(), equalTo((long) DOCS));

    // OpenSearch's clock for timeouts is cached (thread_pool.estimated_time_interval, 200 ms): a
    // one-second pause is seen as longer than 50 ms.
    GateQuery.pause(1000);
    var response = rest.ok("POST", path, search("\"timeout\": \"50ms\","));
    body = (Map<String, Object>) response.body();
    assertThat(response.text(), body.get("timed_out"), equalTo(true));
    // The shard's result is empty: OpenSearch checks the timeout before collecting each segment.
    Map<String, Object> hits = (Map<String, Object>) body.get("hits");
    assertThat(response.text(), ((List<?>) hits.get("hits")).size(), equalTo(0));
    assertThat(GateQuery.read(), greaterThan(0L));
    assertThat(
        "stopped at the first check after the timeout",
        GateQuery.read(),
        lessThanOrEqualTo((long) CHECK_EVERY));

    // Partial results not allowed: an error instead.
    GateQuery.pause(1000);
    var refused =
        rest()
            .send(
                "POST",
                path + "&allow_partial_search_results=false",
                search("\"timeout\": \"50ms\","));
    assertThat(refused.text(), refused.status(), greaterThan(399));
    assertThat(refused.text(), containsString("Time exceeded"));
  }

  @SuppressWarnings("unchecked")
  private void cancellationStopsTheSearch(String searchType) throws Exception {
    indexFor(searchType);
    GateQuery.close();
    background = Executors.newSingleThreadExecutor();
    Rest client = rest();
    String path = "/slow/_search?search_type=" + searchType;
    Future<Response> pending = background.submit(() -> client.send("POST", path, search("")));
    assertTrue("the search reached the gate", GateQuery.awaitArrival(60));

    rest.ok("POST", "/_tasks/_cancel?actions=indices:data/read/search*", null);
    assertBusy(
        () -> {
          var tasks = rest.ok("GET", "/_tasks?actions=indices:data/read/search*&detailed", null);
          boolean shardTaskCancelled = false;
          var nodes = (Map<String, Object>) ((Map<String, Object>) tasks.body()).get("nodes");
          for (Object node : nodes.values()) {
            var nodeTasks = (Map<String, Object>) ((Map<String, Object>) node).get("tasks");
            for (Object task : nodeTasks.values()) {
              var t = (Map<String, Object>) task;
              // [phase/query] for query_then_fetch, [phase/query/id] after a DFS phase
              if (String.valueOf(t.get("action")).contains("[phase/query")
                  && Boolean.TRUE.equals(t.get("cancelled"))) {
                shardTaskCancelled = true;
              }
            }
          }
          assertTrue(tasks.text(), shardTaskCancelled);
        },
        30,
        TimeUnit.SECONDS);
    GateQuery.open();

    Response response = pending.get(60, TimeUnit.SECONDS);
    assertThat(response.text(), response.status(), greaterThan(399));
    assertThat(response.text(), containsString("task_cancelled_exception"));
    assertThat(GateQuery.read(), greaterThan(0L));
    assertThat(
        "stopped at the first check after the cancellation",
        GateQuery.read(),
        lessThanOrEqualTo((long) CHECK_EVERY));
  }

  /**
   * The search's time shows in the profile, under the query's {@code create_weight} (it runs when
   * the query phase creates the weight): a 300 ms pause in the filter is there.
   */
  @SuppressWarnings("unchecked")
  public void testProfileShowsTheSearchTime() throws Exception {
    index();
    GateQuery.pause(300);
    var response = rest.ok("POST", "/slow/_search", search("\"profile\": true,"));
    var shards =
        (List<Map<String, Object>>)
            ((Map<String, Object>) response.body().get("profile")).get("shards");
    var searches = (List<Map<String, Object>>) shards.get(0).get("searches");
    var query = ((List<Map<String, Object>>) searches.get(0).get("query")).get(0);
    assertThat(response.text(), query.get("type"), equalTo("QueryPhaseSeismicQuery"));
    long createWeight =
        ((Number) ((Map<String, Object>) query.get("breakdown")).get("create_weight")).longValue();
    assertThat(response.text(), createWeight, greaterThan(300_000_000L));
  }
}
