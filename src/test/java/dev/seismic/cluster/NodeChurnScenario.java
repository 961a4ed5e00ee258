package dev.seismic.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes keep coming while a three-node cluster loses and regains nodes: background threads index
 * documents (bulk and single) over HTTP and record which were acknowledged, while a node restarts,
 * shards relocate off a node and back, and a node stops for good and a new one joins. Afterwards
 * every acknowledged document is the top hit of a lossless {@code seismic} query for its own
 * vector, on every copy of its shard; the index holds exactly the acknowledged documents (the
 * hostile items sent with them never); and each primary and its replica hold the same documents.
 *
 * <p>Documents are retried under the same id until acknowledged, so an answer lost with a stopping
 * node cannot leave a document whose fate is unknown: the acknowledged set is the truth.
 *
 * <p>Both plugins' tests run this scenario; each supplies its engine's test cluster as a {@link
 * Cluster}. Only the engine-neutral parts live here: HTTP, documents, writers and checks.
 */
public final class NodeChurnScenario implements AutoCloseable {

  /** What the scenario needs from an engine's internal test cluster. */
  public interface Cluster {
    List<String> nodeNames();

    /** The node's HTTP address (a restarted node may get a new port). */
    URI httpAddress(String node);

    /** The node's id, as search preferences name it. */
    String nodeId(String node);

    /** Restarts the node on its data path: it recovers its copies from its own files. */
    void restartNode(String node) throws Exception;

    /** Stops the node for good. */
    void stopNode(String node) throws Exception;

    void startNode() throws Exception;

    /** Every copy of {@code index}'s shards on every node, each read from its own searcher. */
    List<ShardCopy> shardCopies(String index) throws IOException;

    /** Parses a JSON value (object, array or scalar) with the engine's own parser. */
    Object parseJson(String json);
  }

  /** One shard copy, the node holding it and the live documents its searcher sees. */
  public record ShardCopy(String node, int shard, boolean primary, int liveDocs) {}

  /** What the writers did, for the test's log. */
  public record Summary(int acknowledged, int requests, int retried, int hostileRefused) {}

  private static final String INDEX = "churn";

  /** Each document's own token weighs this much: its self score (400 and more) beats any other. */
  private static final float OWN_WEIGHT = 20f;

  /** Weights FeatureField's 9-bit encoding keeps exactly, so expected scores are exact. */
  private static final float[] WEIGHTS = {0.25f, 0.5f, 1f, 1.5f, 2f, 3f};

  /** Attempts per document before the test gives up on the cluster accepting it. */
  private static final int MAX_ATTEMPTS = 200;

  /**
   * A pause after each acknowledged request: enough writes overlap every disruption, while the
   * documents to verify stay in the low thousands (each is searched once per node).
   */
  private static final long PACE_MILLIS = 5;

  private final Cluster cluster;
  private final String seismicIndexSetting;

  /** The test thread's choices; each writer has its own generator. */
  private final Random random;

  /**
   * @param seismicIndexSetting the JSON member of the index settings that turns the Seismic format
   *     on in this engine, e.g. {@code "codec": "seismic"}
   */
  public NodeChurnScenario(Cluster cluster, String seismicIndexSetting, long seed) {
    this.cluster = cluster;
    this.seismicIndexSetting = seismicIndexSetting;
    this.random = new Random(seed);
  }

  // ---- HTTP to the nodes that are meant to be running ----

  private record Response(int status, Object body, String text) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Guards {@link #live} and the in-flight counts, so a node can be drained. */
  private final Object routing = new Object();

  private List<URI> live = List.of();
  private final Map<URI, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  /** Re-reads the HTTP addresses of the running nodes. */
  private void refreshLiveNodes() {
    List<URI> uris = new ArrayList<>();
    for (String node : cluster.nodeNames()) {
      uris.add(cluster.httpAddress(node));
    }
    synchronized (routing) {
      live = List.copyOf(uris);
    }
  }

  /**
   * Sends no more requests to {@code node} and waits until it has answered the ones it has. A node
   * stopped while it writes an HTTP response never releases the response's buffer (its event loop
   * refuses the completion: "Failed to submit a listener notification task. Event loop shut
   * down?"), and the engines' test frameworks fail the test on that buffer. Writes still reach the
   * node's shard copies through the other nodes, which is the failure this scenario is about.
   */
  private void drain(String node) throws InterruptedException {
    URI uri = cluster.httpAddress(node);
    synchronized (routing) {
      live = live.stream().filter(u -> u.equals(uri) == false).toList();
    }
    AtomicInteger answering = inFlight.get(uri);
    while (answering != null && answering.get() > 0) {
      Thread.sleep(5);
    }
  }

  private Response send(Random random, String method, String path, String body)
      throws IOException, InterruptedException {
    URI uri;
    AtomicInteger answering;
    synchronized (routing) {
      uri = live.get(random.nextInt(live.size()));
      answering = inFlight.computeIfAbsent(uri, u -> new AtomicInteger());
      answering.incrementAndGet();
    }
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(120));
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        boolean ndjson = path.contains("_bulk") || path.contains("_msearch");
        request.header("Content-Type", ndjson ? "application/x-ndjson" : "application/json");
        request.method(method, HttpRequest.BodyPublishers.ofString(body));
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Object parsed;
      try {
        parsed = response.body().isEmpty() ? null : cluster.parseJson(response.body());
      } catch (RuntimeException e) {
        parsed = response.body();
      }
      return new Response(response.statusCode(), parsed, response.body());
    } finally {
      answering.decrementAndGet();
    }
  }

  /** Stops the client's threads (the test frameworks count leaked threads). */
  @Override
  public void close() {
    http.close();
  }

  // ---- documents ----

  /** Document i: its own token u{i} plus 3 to 8 shared tokens. */
  private static Map<String, Float> vector(int i) {
    Random random = new Random(31L * i + 7);
    Map<String, Float> v = new TreeMap<>();
    v.put("u" + i, OWN_WEIGHT);
    int shared = 3 + random.nextInt(6);
    while (v.size() < shared + 1) {
      v.put("t" + random.nextInt(60), WEIGHTS[random.nextInt(WEIGHTS.length)]);
    }
    return v;
  }

  private static String json(Map<String, Float> v) {
    StringBuilder sb = new StringBuilder("{");
    v.forEach(
        (t, w) ->
            sb.append(sb.length() > 1 ? "," : "").append('"').append(t).append("\":").append(w));
    return sb.append('}').toString();
  }

  private static double selfScore(Map<String, Float> v) {
    double s = 0;
    for (float w : v.values()) {
      s += (double) w * w;
    }
    return s;
  }

  // ---- the writers ----

  private final Set<Integer> acked = ConcurrentHashMap.newKeySet();
  private final Set<String> refusedHostile = ConcurrentHashMap.newKeySet();
  private final List<Throwable> writerFailures = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextId = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger unacknowledged =
      new AtomicInteger(); // attempts that had to be retried
  private final AtomicBoolean stop = new AtomicBoolean();

  /** Indexes one document at a time, each retried until acknowledged. */
  private void singleWriter(long seed) {
    Random random = new Random(seed);
    try {
      while (stop.get() == false) {
        int id = nextId.getAndIncrement();
        String body = "{\"vec\":" + json(vector(id)) + "}";
        for (int attempt = 1; ; attempt++) {
          attempts.incrementAndGet();
          int status = statusOf(() -> send(random, "PUT", "/" + INDEX + "/_doc/" + id, body));
          if (status == 200 || status == 201) {
            acked.add(id);
            Thread.sleep(PACE_MILLIS);
            break;
          }
          giveUpAfter(attempt, "doc " + id + " last status " + status);
        }
      }
    } catch (Throwable t) {
      writerFailures.add(t);
    }
  }

  /**
   * Indexes bulks of 8 documents plus one hostile item (a negative weight) that must be refused
   * with 400 and never indexed; items not acknowledged are sent again in the next bulk.
   */
  @SuppressWarnings("unchecked")
  private void bulkWriter(long seed) {
    Random random = new Random(seed);
    List<Integer> pending = new ArrayList<>();
    Map<Integer, Integer> tries = new HashMap<>();
    int hostile = 0;
    try {
      while (stop.get() == false || pending.isEmpty() == false) {
        while (stop.get() == false && pending.size() < 8) {
          pending.add(nextId.getAndIncrement());
        }
        String hostileId = "hostile-" + seed + "-" + hostile;
        StringBuilder bulk = new StringBuilder();
        for (int id : pending) {
          bulk.append("{\"index\":{\"_id\":\"").append(id).append("\"}}\n");
          bulk.append("{\"vec\":").append(json(vector(id))).append("}\n");
        }
        bulk.append("{\"index\":{\"_id\":\"").append(hostileId).append("\"}}\n");
        bulk.append("{\"vec\":{\"u0\":1.0,\"t1\":-2.0}}\n");
        attempts.incrementAndGet();
        Response response;
        try {
          response = send(random, "POST", "/" + INDEX + "/_bulk", bulk.toString());
        } catch (IOException e) {
          response = null; // the connection failed mid-request: nothing is known, send it all again
        }
        if (response != null && response.status() == 200) {
          List<Map<String, Object>> items =
              (List<Map<String, Object>>) ((Map<String, Object>) response.body()).get("items");
          List<Integer> again = new ArrayList<>();
          int most = 0;
          String last = null;
          for (int i = 0; i < pending.size(); i++) {
            int status = itemStatus(items.get(i));
            if (status == 200 || status == 201) {
              acked.add(pending.get(i));
            } else {
              int n = tries.merge(pending.get(i), 1, Integer::sum);
              if (n > most) {
                most = n;
                last = "doc " + pending.get(i) + " last item " + items.get(i);
              }
              again.add(pending.get(i));
            }
          }
          if (most > 0) {
            giveUpAfter(most, last);
          }
          int hostileStatus = itemStatus(items.get(pending.size()));
          if (hostileStatus == 200 || hostileStatus == 201) {
            throw new AssertionError("hostile item accepted: " + items.get(pending.size()));
          }
          if (hostileStatus == 400) {
            refusedHostile.add(hostileId);
            hostile++;
          }
          pending = again;
          Thread.sleep(PACE_MILLIS);
        } else {
          int most = 0;
          for (int id : pending) {
            most = Math.max(most, tries.merge(id, 1, Integer::sum));
          }
          giveUpAfter(
              most,
              "docs "
                  + pending
                  + ", bulk answered "
                  + (response == null ? "nothing" : response.text()));
        }
      }
    } catch (Throwable t) {
      writerFailures.add(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static int itemStatus(Map<String, Object> item) {
    return ((Number) ((Map<String, Object>) item.get("index")).get("status")).intValue();
  }

  private interface Call {
    Response run() throws IOException, InterruptedException;
  }

  /** The status of a call; -1 when the connection failed. */
  private static int statusOf(Call call) throws InterruptedException {
    try {
      return call.run().status();
    } catch (IOException e) {
      return -1;
    }
  }

  /** A pause before the next attempt; fails the writer once the cluster never accepted it. */
  private void giveUpAfter(int attempt, String what) throws InterruptedException {
    unacknowledged.incrementAndGet();
    if (attempt >= MAX_ATTEMPTS) {
      throw new AssertionError("not acknowledged after " + attempt + " attempts: " + what);
    }
    Thread.sleep(Math.min(500, 10L * attempt));
  }

  // ---- the scenario ----

  /** Runs the disruptions under writes, then checks every copy; returns what the writers did. */
  public Summary run() throws Exception {
    refreshLiveNodes();
    Response created =
        send(
            random,
            "PUT",
            "/" + INDEX,
            """
            {"settings": {"index": {"number_of_shards": 3, "number_of_replicas": 1, %s}},
             "mappings": {"properties": {"vec": {"type": "seismic_vector",
                 "n_postings": 1, "min_postings": 2147483647, "summary_energy": 1.0}}}}
            """
                .formatted(seismicIndexSetting));
    assertThat(created.text(), created.status(), equalTo(200));
    awaitGreen();

    List<Thread> writers = new ArrayList<>();
    long seed = random.nextLong();
    writers.add(new Thread(() -> singleWriter(seed), "single-writer"));
    writers.add(new Thread(() -> bulkWriter(seed + 1), "bulk-writer"));
    writers.forEach(Thread::start);
    try {
      int perPhase = 40 + random.nextInt(40);
      awaitMoreAcked(perPhase);

      // 1. A node restarts (same data path: it recovers its copies from its own files).
      String restarted = randomNode();
      drain(restarted);
      cluster.restartNode(restarted);
      refreshLiveNodes();
      awaitGreen();
      awaitMoreAcked(perPhase);

      // 2. Every shard copy moves off one node, then the node takes copies back.
      String moved = randomNode();
      assertThat("copies on " + moved + " before the move", copiesOn(moved), greaterThan(0L));
      putIndexSetting("\"" + moved + "\"");
      awaitGreen();
      assertThat("copies left on " + moved, copiesOn(moved), equalTo(0L));
      awaitMoreAcked(perPhase);
      putIndexSetting("null");
      awaitGreen();
      awaitMoreAcked(perPhase);

      // 3. A node stops for good; the replicas take over; a new node joins and gets copies.
      String stopped = randomNode();
      drain(stopped);
      cluster.stopNode(stopped);
      refreshLiveNodes();
      awaitGreen(); // two nodes still hold one primary and one replica of each shard
      awaitMoreAcked(perPhase);
      cluster.startNode();
      refreshLiveNodes();
      awaitGreen();
      awaitMoreAcked(perPhase);
    } finally {
      stop.set(true);
      for (Thread t : writers) {
        t.join();
      }
    }
    assertThat("writer failures", writerFailures, empty());

    refreshLiveNodes();
    awaitGreen();
    assertThat(send(random, "POST", "/" + INDEX + "/_refresh", null).status(), equalTo(200));
    assertThat(refusedHostile.size(), greaterThan(0));

    // Exactly the acknowledged documents: none lost, none of the refused or hostile ones added.
    assertThat(count(null), equalTo(acked.size()));
    Map<Integer, Integer> perShardPrimary = assertCopiesAgree();
    assertThat(
        perShardPrimary.values().stream().mapToInt(Integer::intValue).sum(), equalTo(acked.size()));
    // Every node in turn serves the searches wherever it holds a copy, so each copy answers.
    for (String node : cluster.nodeNames()) {
      String preference = "_prefer_nodes:" + cluster.nodeId(node);
      assertThat(count(preference), equalTo(acked.size()));
      assertEachFindsItself(preference);
    }
    return new Summary(acked.size(), attempts.get(), unacknowledged.get(), refusedHostile.size());
  }

  private String randomNode() {
    List<String> nodes = cluster.nodeNames();
    return nodes.get(random.nextInt(nodes.size()));
  }

  private long copiesOn(String node) throws IOException {
    return cluster.shardCopies(INDEX).stream().filter(c -> c.node().equals(node)).count();
  }

  /** Moves every copy off {@code node} (a quoted node name), or lets them back ({@code null}). */
  private void putIndexSetting(String node) throws Exception {
    Response r =
        send(
            random,
            "PUT",
            "/" + INDEX + "/_settings",
            "{\"index.routing.allocation.exclude._name\":" + node + "}");
    assertThat(r.text(), r.status(), equalTo(200));
  }

  /** Green, with no shard relocating or initializing: the cluster has settled. */
  @SuppressWarnings("unchecked")
  private void awaitGreen() throws Exception {
    Response r =
        send(
            random,
            "GET",
            "/_cluster/health/"
                + INDEX
                + "?wait_for_status=green&wait_for_no_relocating_shards=true"
                + "&wait_for_no_initializing_shards=true&wait_for_events=languid&timeout=120s",
            null);
    assertThat(r.text(), r.status(), equalTo(200));
    assertThat(r.text(), ((Map<String, Object>) r.body()).get("timed_out"), equalTo(false));
  }

  private void awaitMoreAcked(int more) throws InterruptedException {
    int target = acked.size() + more;
    while (acked.size() < target && writerFailures.isEmpty()) {
      Thread.sleep(20);
    }
  }

  /**
   * Each shard's two copies hold the same live documents; returns the primaries' counts by shard.
   * Every copy is read through its own searcher, so no routing choice can hide a copy that differs.
   */
  private Map<Integer, Integer> assertCopiesAgree() throws IOException {
    Map<Integer, Integer> primaries = new TreeMap<>();
    Map<Integer, List<Integer>> all = new TreeMap<>();
    for (ShardCopy copy : cluster.shardCopies(INDEX)) {
      all.computeIfAbsent(copy.shard(), k -> new ArrayList<>()).add(copy.liveDocs());
      if (copy.primary()) {
        primaries.put(copy.shard(), copy.liveDocs());
      }
    }
    assertThat("shards with copies: " + all, all.keySet().size(), equalTo(3));
    for (var e : all.entrySet()) {
      assertThat("copies of shard " + e.getKey(), e.getValue().size(), equalTo(2));
      assertThat(
          "copies of shard " + e.getKey() + " disagree",
          e.getValue().get(0),
          equalTo(e.getValue().get(1)));
    }
    return primaries;
  }

  @SuppressWarnings("unchecked")
  private int count(String preference) throws Exception {
    String path = "/" + INDEX + "/_count" + (preference == null ? "" : "?preference=" + preference);
    Response r = send(random, "GET", path, null);
    assertThat(r.text(), r.status(), equalTo(200));
    return ((Number) ((Map<String, Object>) r.body()).get("count")).intValue();
  }

  /**
   * A lossless seismic query for each acknowledged document's own vector returns that document
   * first, with its exact self score: its vector is in the index as sent, on the copy that served.
   */
  @SuppressWarnings("unchecked")
  private void assertEachFindsItself(String preference) throws Exception {
    List<Integer> ids = new ArrayList<>(acked);
    for (int start = 0; start < ids.size(); start += 200) {
      List<Integer> batch = ids.subList(start, Math.min(ids.size(), start + 200));
      StringBuilder msearch = new StringBuilder();
      for (int id : batch) {
        msearch
            .append("{\"index\":\"")
            .append(INDEX)
            .append("\",\"preference\":\"")
            .append(preference)
            .append("\"}\n");
        msearch
            .append(
                "{\"size\":1,\"_source\":false,\"query\":{\"seismic\":{\"field\":\"vec\",\"k\":1,")
            .append("\"query_cut\":1000,\"heap_factor\":1e-30,\"query_vector\":")
            .append(json(vector(id)))
            .append("}}}\n");
      }
      Response r = send(random, "POST", "/_msearch", msearch.toString());
      assertThat(r.text(), r.status(), equalTo(200));
      List<Map<String, Object>> responses =
          (List<Map<String, Object>>) ((Map<String, Object>) r.body()).get("responses");
      for (int i = 0; i < batch.size(); i++) {
        Map<String, Object> one = responses.get(i);
        String context = "doc " + batch.get(i) + " (" + preference + "): " + one;
        List<Map<String, Object>> hits =
            (List<Map<String, Object>>) ((Map<String, Object>) one.get("hits")).get("hits");
        assertThat(context, hits.size(), equalTo(1));
        assertThat(context, hits.get(0).get("_id"), equalTo(Integer.toString(batch.get(i))));
        assertThat(
            context,
            ((Number) hits.get(0).get("_score")).doubleValue(),
            closeTo(selfScore(vector(batch.get(i))), 1e-3));
      }
    }
  }
}
