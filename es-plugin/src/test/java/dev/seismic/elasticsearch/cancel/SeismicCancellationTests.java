package dev.seismic.elasticsearch.cancel;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.seismic.cancel.GateQuery;
import dev.seismic.elasticsearch.SeismicHttpNodeTestCase;
import dev.seismic.elasticsearch.rest.RestHelper;
import dev.seismic.elasticsearch.rest.SeismicIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.elasticsearch.plugins.Plugin;
import org.junit.After;

/**
 * The request's {@code timeout} and {@code _tasks/_cancel} stop a Seismic search on a real node
 * (Elasticsearch's single-node test framework, real HTTP). The search is made slow on purpose: its
 * filter ({@link GateQuery}) matches all 10,000 documents and waits at a gate before handing out
 * the first; {@code k} is 10,000. The filter reads nothing from the index, so only the Seismic
 * search's own looks at Elasticsearch's checks (every 4,096 filter documents, every block or batch
 * of 64) can stop it: without them the whole filter is read.
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

  private ExecutorService background;

  @After
  public void openGateAndStopBackground() throws Exception {
    GateQuery.open();
    if (background != null) {
      background.shutdownNow();
      background.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  private void index() throws Exception {
    rest().ok("PUT", "/slow", SeismicIndex.body(1, 0, SeismicIndex.VEC_ONLY));
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < DOCS; i++) {
      bulk.append("{\"index\":{}}\n{\"vec\":{\"common\":0.5,\"t")
          .append(i % 50)
          .append("\":1.0,\"u")
          .append(i % 7)
          .append("\":0.25}}\n");
    }
    rest().ok("POST", "/slow/_bulk", bulk.toString());
    rest().ok("POST", "/slow/_forcemerge?max_num_segments=1", null);
    rest().ok("POST", "/slow/_refresh", null);
  }

  private static String search(String extra) {
    return """
        {%s "size": 10, "query": {"seismic": {"field": "vec",
          "query_vector": {"common": 1.0, "t3": 0.5}, "k": 10000,
          "filter": {"seismic_test_gate": {}}}}}
        """
        .formatted(extra);
  }

  @SuppressWarnings("unchecked")
  public void testTimeoutStopsTheSearchWithinOneCheck() throws Exception {
    index();
    GateQuery.pause(0);
    var full = rest().ok("POST", "/slow/_search", search(""));
    Map<String, Object> body = (Map<String, Object>) full.body();
    assertThat(full.text(), body.get("timed_out"), equalTo(false));
    assertThat(
        "without a timeout the whole filter is read", GateQuery.read(), equalTo((long) DOCS));

    // Elasticsearch's clock for timeouts is cached (thread_pool.estimated_time_interval, 200 ms):
    // a one-second pause is seen as longer than 50 ms.
    GateQuery.pause(1000);
    var response = rest().ok("POST", "/slow/_search", search("\"timeout\": \"50ms\","));
    body = (Map<String, Object>) response.body();
    assertThat(response.text(), body.get("timed_out"), equalTo(true));
    // The shard's result is empty, as for Elasticsearch's own kNN query timing out in rewrite.
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
                "/slow/_search?allow_partial_search_results=false",
                search("\"timeout\": \"50ms\","));
    assertThat(refused.text(), refused.status(), greaterThan(399));
    assertThat(refused.text(), containsString("Time exceeded"));
  }

  @SuppressWarnings("unchecked")
  public void testTaskCancellationStopsTheSearch() throws Exception {
    index();
    GateQuery.close();
    background = Executors.newSingleThreadExecutor();
    RestHelper client = rest();
    Future<RestHelper.Response> pending =
        background.submit(() -> client.send("POST", "/slow/_search", search("")));
    assertTrue("the search reached the gate", GateQuery.awaitArrival(60));

    rest().ok("POST", "/_tasks/_cancel?actions=indices:data/read/search*", null);
    assertBusy(
        () -> {
          var tasks = rest().ok("GET", "/_tasks?actions=indices:data/read/search*&detailed", null);
          boolean shardTaskCancelled = false;
          var nodes = (Map<String, Object>) ((Map<String, Object>) tasks.body()).get("nodes");
          for (Object node : nodes.values()) {
            var nodeTasks = (Map<String, Object>) ((Map<String, Object>) node).get("tasks");
            for (Object task : nodeTasks.values()) {
              var t = (Map<String, Object>) task;
              if (String.valueOf(t.get("action")).contains("[phase/query]")
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

    RestHelper.Response response = pending.get(60, TimeUnit.SECONDS);
    assertThat(response.text(), response.status(), greaterThan(399));
    assertThat(response.text(), containsString("task_cancelled_exception"));
    assertThat(GateQuery.read(), greaterThan(0L));
    assertThat(
        "stopped at the first check after the cancellation",
        GateQuery.read(),
        lessThanOrEqualTo((long) CHECK_EVERY));
  }

  /**
   * The search's time shows in the profile as the shard's {@code rewrite_time} (it runs while the
   * query is rewritten, as Elasticsearch's own kNN query does): a 300 ms pause in the filter is
   * there.
   */
  @SuppressWarnings("unchecked")
  public void testProfileShowsTheSearchTime() throws Exception {
    index();
    GateQuery.pause(300);
    var response = rest().ok("POST", "/slow/_search", search("\"profile\": true,"));
    var body = (Map<String, Object>) response.body();
    var shards =
        (List<Map<String, Object>>) ((Map<String, Object>) body.get("profile")).get("shards");
    var searches = (List<Map<String, Object>>) shards.get(0).get("searches");
    long rewrite = ((Number) searches.get(0).get("rewrite_time")).longValue();
    assertThat(response.text(), rewrite, greaterThan(300_000_000L));
  }
}
