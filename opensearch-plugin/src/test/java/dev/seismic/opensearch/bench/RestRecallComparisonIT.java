package dev.seismic.opensearch.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import dev.seismic.lucene.search.SeismicQueryParams;
import dev.seismic.opensearch.dist.PackagedNode;
import dev.seismic.opensearch.rest.Json;
import dev.seismic.opensearch.rest.RestCalls;
import dev.seismic.opensearch.rest.RestCalls.Reply;
import dev.seismic.opensearch.rest.SeismicRequests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.junit.Test;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;

/**
 * Recall@10 and latency of the {@code seismic} query against OpenSearch's own exact alternative,
 * measured over REST on a real node with the packaged plugin (see {@link PackagedNode}).
 *
 * <p>The same real SPLADE++ ED vectors go into one index twice: a {@code seismic_vector} field
 * {@code vec} and a {@code rank_features} field {@code rf}. The exact alternative is a {@code bool}
 * of {@code should} {@code rank_feature} queries on {@code rf}, one per query token, with the
 * {@code linear} function and {@code boost} = the query weight: the exact inner product with
 * FeatureField's 9-bit weights, which is also what Seismic scores with. Ground truth is brute force
 * on the original float weights.
 *
 * <p>Skipped unless {@code -Dseismic.rest.bench=true} (the {@code rest-bench} profile sets it), and
 * skipped with a message when the shared data folder is absent. Run it with
 *
 * <pre>
 * ./seismic mvn -pl opensearch-plugin -am verify -Prest-bench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Options (system properties): {@code seismic.rest.bench.queries} (1000), {@code
 * seismic.rest.bench.warmup} (200 queries, taken from the end of the query file, so disjoint from
 * the measured ones), {@code seismic.rest.bench.configs} (seismic {@code query_cut:heap_factor}
 * pairs, comma separated; default: the query's defaults ({@link SeismicQueryParams}), then {@code
 * 10:0.7,5:0.9,20:0.5}: the defaults of an earlier version, a faster and a more exhaustive setting
 * — a larger heap_factor skips more blocks), {@code seismic.rest.bench.heap} (node heap, 1g),
 * {@code seismic.rest.bench.batch} (documents per {@code _bulk}, 1000), {@code seismic.shared.data}
 * (the data folder, default {@code ../../shared/data} from the module, i.e. {@code shared/} beside
 * the checkout). Writes the Markdown table to {@code target/rest-bench.md}.
 */
public class RestRecallComparisonIT {

  private static final String QUERY_FILE = "topics.msmarco-passage.dev-subset.splade-pp-ed.tsv.gz";
  private static final String INDEX = "bench";
  private static final int K = 10;

  /** A '.' in a feature name makes the rank_feature query split the field name there. */
  private static final String DOT_REPLACEMENT = "[dot]";

  /** One sparse vector: tokens (already made field-safe) and float weights. */
  record Vec(String id, String[] tokens, float[] weights) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < tokens.length; i++) {
        m.put(tokens[i], weights[i]);
      }
      return m;
    }
  }

  /** A seismic query configuration. */
  record SeismicConfig(int queryCut, float heapFactor) {
    String label() {
      return String.format(
          Locale.ROOT, "seismic (query_cut=%d, heap_factor=%s)", queryCut, heapFactor);
    }
  }

  /** Per-query measurements of one system. */
  static final class Measured {
    final String label;
    final long[] tookMs;
    final long[] clientNanos;
    final List<List<String>> ids = new ArrayList<>();

    Measured(String label, int n) {
      this.label = label;
      this.tookMs = new long[n];
      this.clientNanos = new long[n];
    }
  }

  @Test
  public void seismicVersusRankFeatures() throws Exception {
    assumeTrue(
        "REST benchmark skipped; run with -Dseismic.rest.bench=true or -Prest-bench",
        Boolean.getBoolean("seismic.rest.bench"));
    Path shared = sharedData();
    Path splade = shared.resolve("splade/splade-pp-ed");
    assumeTrue(
        "REST benchmark skipped: "
            + splade
            + " is absent (shared/data beside the checkout, or"
            + " -Dseismic.shared.data=...)",
        Files.isDirectory(splade) && Files.isRegularFile(splade.resolve(QUERY_FILE)));

    int nQueries = Integer.getInteger("seismic.rest.bench.queries", 1000);
    int nWarmup = Integer.getInteger("seismic.rest.bench.warmup", 200);
    int batch = Integer.getInteger("seismic.rest.bench.batch", 1000);
    String heap = System.getProperty("seismic.rest.bench.heap", "1g");
    List<SeismicConfig> configs =
        parseConfigs(
            System.getProperty(
                "seismic.rest.bench.configs",
                SeismicQueryParams.DEFAULT_QUERY_CUT
                    + ":"
                    + SeismicQueryParams.DEFAULT_HEAP_FACTOR
                    + ",10:0.7,5:0.9,20:0.5"));

    // ---- data
    long t0 = System.nanoTime();
    List<Path> docFiles = documentFiles(splade);
    List<Vec> docs = new ArrayList<>();
    for (Path f : docFiles) {
      docs.addAll(
          read(f, scale(f.getFileName().toString()), datasetName(f) + "/", Integer.MAX_VALUE));
    }
    List<Vec> allQueries = read(splade.resolve(QUERY_FILE), 1000, "", Integer.MAX_VALUE);
    assertTrue("only " + allQueries.size() + " queries", nQueries + nWarmup <= allQueries.size());
    List<Vec> queries = allQueries.subList(0, nQueries);
    List<Vec> warmup = allQueries.subList(allQueries.size() - nWarmup, allQueries.size());
    long dotDocs = docs.stream().filter(RestRecallComparisonIT::hadDot).count();
    long dotQueries = queries.stream().filter(RestRecallComparisonIT::hadDot).count();
    int maxQueryTokens = allQueries.stream().mapToInt(q -> q.tokens.length).max().orElse(0);
    double loadSec = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "loaded %d documents from %d files and %d queries in %.1f s%n",
        docs.size(),
        docFiles.size(),
        allQueries.size(),
        loadSec);

    // ---- ground truth: brute force on the float weights
    t0 = System.nanoTime();
    List<List<String>> truth = bruteForce(docs, queries);
    System.out.printf(Locale.ROOT, "brute force: %.1f s%n", (System.nanoTime() - t0) / 1e9);

    // ---- node; the default bool clause limit is 1024
    Map<String, String> nodeSettings = new LinkedHashMap<>();
    int maxClauses = 1024;
    if (maxQueryTokens > maxClauses) {
      maxClauses = maxQueryTokens;
      nodeSettings.put("indices.query.bool.max_clause_count", Integer.toString(maxClauses));
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (PackagedNode node = PackagedNode.start(tmp, heap, nodeSettings);
        RestClient client = longTimeoutClient(node.client())) {
      RestCalls rest = new RestCalls(client);
      Reply info = rest.ok("GET", "/", null);
      String version = String.valueOf(info.at("version.number"));

      rest.ok(
          "PUT",
          "/" + INDEX,
          SeismicRequests.index(
              1,
              0,
              Map.of("index.refresh_interval", "-1"),
              Map.of(
                  "_source",
                  Map.of("enabled", false),
                  "properties",
                  Map.of(
                      "vec",
                      Map.of("type", "seismic_vector"),
                      "rf",
                      Map.of("type", "rank_features")))));

      t0 = System.nanoTime();
      for (int from = 0; from < docs.size(); from += batch) {
        List<Object> lines = new ArrayList<>();
        for (Vec d : docs.subList(from, Math.min(docs.size(), from + batch))) {
          Map<String, Object> v = d.json();
          lines.add(Map.of("index", Map.of("_index", INDEX, "_id", d.id)));
          lines.add(Map.of("vec", v, "rf", v));
        }
        Reply bulk = rest.ndjson("/_bulk", lines);
        assertEquals(200, bulk.status());
        String body = String.valueOf(bulk.body());
        assertEquals(body.substring(0, Math.min(2000, body.length())), false, bulk.at("errors"));
      }
      double bulkSec = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      rest.ok("POST", "/" + INDEX + "/_refresh", null);
      rest.ok("POST", "/" + INDEX + "/_forcemerge?max_num_segments=1", null);
      rest.ok("POST", "/" + INDEX + "/_refresh", null);
      double mergeSec = (System.nanoTime() - t0) / 1e9;
      long count = ((Number) rest.ok("GET", "/" + INDEX + "/_count", null).at("count")).longValue();
      assertEquals(docs.size(), count);
      Reply segments =
          rest.ok(
              "GET", "/_cat/segments/" + INDEX + "?format=json&h=segment,docs.count,size", null);
      List<?> segs = (List<?>) segments.body();
      assertEquals("segments: " + segs, 1, segs.size());
      // "store.size" has a dot, which Reply.at would split on
      String storeSize =
          String.valueOf(
              ((Map<?, ?>)
                      rest.ok("GET", "/_cat/indices/" + INDEX + "?format=json&h=store.size", null)
                          .at("0"))
                  .get("store.size"));
      Object mapping =
          rest.ok("GET", "/" + INDEX + "/_mapping", null).at(INDEX + ".mappings.properties.vec");
      System.out.printf(
          Locale.ROOT,
          "indexed %d docs: bulk %.1f s, refresh+force-merge %.1f s, store %s, vec mapping %s%n",
          count,
          bulkSec,
          mergeSec,
          storeSize,
          mapping);

      // ---- request bodies, built before any timing
      List<String> exactBodies =
          queries.stream().map(RestRecallComparisonIT::rankFeatureBody).toList();
      List<List<String>> seismicBodies = new ArrayList<>();
      for (SeismicConfig c : configs) {
        seismicBodies.add(queries.stream().map(q -> seismicBody(q, c)).toList());
      }

      // ---- warm-up, on queries not measured
      for (Vec q : warmup) {
        search(client, rankFeatureBody(q), null, 0);
        for (SeismicConfig c : configs) {
          search(client, seismicBody(q, c), null, 0);
        }
      }

      // ---- measured: the systems alternate query by query, the order rotating per query
      Measured exact =
          new Measured(
              "rank_features + bool/should rank_feature (linear, boost = weight)", nQueries);
      List<Measured> seismic = new ArrayList<>();
      for (SeismicConfig c : configs) {
        seismic.add(new Measured(c.label(), nQueries));
      }
      int systems = 1 + configs.size();
      for (int qi = 0; qi < nQueries; qi++) {
        for (int s = 0; s < systems; s++) {
          int sys = (s + qi) % systems;
          if (sys == 0) {
            search(client, exactBodies.get(qi), exact, qi);
          } else {
            search(client, seismicBodies.get(sys - 1).get(qi), seismic.get(sys - 1), qi);
          }
        }
      }

      // ---- report
      StringBuilder md = new StringBuilder();
      md.append("## seismic vs rank_features over REST (OpenSearch ")
          .append(version)
          .append(")\n\n");
      md.append(
          String.format(
              Locale.ROOT,
              "Data: real SPLADE++ ED vectors; %,d documents (%d splade-pp-ed topic files pooled: all but the MS MARCO"
                  + " dev subset and dl23), the first %,d of the %,d MS MARCO dev query vectors as queries"
                  + " (warm-up: the last %d, not measured). One index, `index.codec: seismic`, 1 shard, 0 replicas,"
                  + " force-merged to 1 segment (%s on disk, both fields, no `_source`); `vec` = seismic_vector"
                  + " (default build parameters), `rf` = rank_features with the same tokens and weights. k = size = %d,"
                  + " `track_total_hits: false` and `_source: false` for every request. Token `.` renamed to `%s`"
                  + " in both fields (in %d documents, %d queries): a dot in a feature name breaks the rank_feature"
                  + " query's field lookup. Largest query: %d tokens (clause limit %d). Node heap %s; bulk %.0f s,"
                  + " refresh + force-merge %.0f s.%n%n",
              docs.size(),
              docFiles.size(),
              nQueries,
              allQueries.size(),
              nWarmup,
              storeSize,
              K,
              DOT_REPLACEMENT,
              dotDocs,
              dotQueries,
              maxQueryTokens,
              maxClauses,
              heap,
              bulkSec,
              mergeSec));
      md.append(
          "Recall@10: against brute force on the original float weights, and against the rank_feature top 10."
              + " Latency: one client thread, sequential requests over loopback; `took` is the server's"
              + " (whole milliseconds, truncated), round trip is measured by the client (request sent to body"
              + " read). The shard's query-phase search stats are not used: they leave out Seismic's search,"
              + " which runs when the query is rewritten, before the query phase.\n\n");
      md.append(
          "| system | recall@10 vs brute force | recall@10 vs rank_feature"
              + " | took mean / p50 / p99 (ms) | round trip mean / p50 / p99 (ms) |\n");
      md.append("|---|---|---|---|---|\n");
      List<Measured> all = new ArrayList<>();
      all.add(exact);
      all.addAll(seismic);
      for (Measured m : all) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %.4f | %.4f | %s | %s |%n",
                m.label,
                recall(m.ids, truth),
                recall(m.ids, exact.ids),
                stats(toDouble(m.tookMs, 1)),
                stats(toDouble(m.clientNanos, 1e-6))));
      }
      md.append("\nRatios rank_feature / seismic: ");
      List<String> ratios = new ArrayList<>();
      for (Measured m : seismic) {
        ratios.add(
            String.format(
                Locale.ROOT,
                "%s: took mean %s, round trip mean %.2f×, round trip p50 %.2f×",
                m.label,
                ratio(mean(exact.tookMs), mean(m.tookMs)),
                mean(exact.clientNanos) / mean(m.clientNanos),
                pct(toDouble(exact.clientNanos, 1e-6), 50)
                    / pct(toDouble(m.clientNanos, 1e-6), 50)));
      }
      md.append(String.join("; ", ratios)).append(".\n");
      md.append(
          String.format(
              Locale.ROOT,
              "\nMachine: %d cores visible to the JVM, shared with other work; numbers are noisy.%n",
              Runtime.getRuntime().availableProcessors()));
      String table = md.toString();
      System.out.println(table);
      Path out = Path.of(System.getProperty("java.io.tmpdir")).resolve("rest-bench.md");
      Files.writeString(out, table);
      System.out.println("written to " + out);

      // Sanity: the exact system must agree with brute force up to FeatureField's rounding.
      assertTrue("rank_feature recall vs brute force too low", recall(exact.ids, truth) > 0.95);
      rest.ok("DELETE", "/" + INDEX, null);
    }
  }

  // ---------------------------------------------------------------- requests

  private static RestClient longTimeoutClient(RestClient base) {
    HttpHost host = base.getNodes().get(0).getHost();
    return RestClient.builder(host)
        .setRequestConfigCallback(
            b ->
                b.setResponseTimeout(Timeout.ofMinutes(30))
                    .setConnectionRequestTimeout(Timeout.ofMinutes(1)))
        .build();
  }

  private static void search(RestClient client, String body, Measured into, int qi)
      throws IOException {
    Request request = new Request("POST", "/" + INDEX + "/_search");
    request.setJsonEntity(body);
    long start = System.nanoTime();
    Response response = client.performRequest(request);
    String text;
    try {
      text = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
    } catch (org.apache.hc.core5.http.ParseException e) {
      throw new IOException(e);
    }
    long nanos = System.nanoTime() - start;
    if (into == null) {
      return;
    }
    Map<?, ?> json = (Map<?, ?>) Json.parse(text);
    List<String> ids = new ArrayList<>();
    for (Object hit : (List<?>) ((Map<?, ?>) json.get("hits")).get("hits")) {
      ids.add((String) ((Map<?, ?>) hit).get("_id"));
    }
    into.tookMs[qi] = ((Number) json.get("took")).longValue();
    into.clientNanos[qi] = nanos;
    into.ids.add(ids);
  }

  static String rankFeatureBody(Vec q) {
    List<Object> should = new ArrayList<>();
    for (int i = 0; i < q.tokens.length; i++) {
      should.add(
          Map.of(
              "rank_feature",
              Map.of("field", "rf." + q.tokens[i], "linear", Map.of(), "boost", q.weights[i])));
    }
    return topK(Map.of("bool", Map.of("should", should)));
  }

  static String seismicBody(Vec q, SeismicConfig c) {
    return topK(SeismicRequests.seismic(q.json(), K, c.queryCut, c.heapFactor));
  }

  /** The top K hits of {@code query}, ids and scores only, without counting the other matches. */
  private static String topK(Map<String, ?> query) {
    Map<String, Object> body = SeismicRequests.hits(K, query);
    body.put("track_total_hits", false);
    return Json.write(body);
  }

  // ---------------------------------------------------------------- ground truth and stats

  /** Exact top-K ids by inner product of the float weights (ties broken by document order). */
  static List<List<String>> bruteForce(List<Vec> docs, List<Vec> queries) {
    Map<String, List<int[]>> postings = new HashMap<>(); // token -> (doc, weight bits)
    for (int d = 0; d < docs.size(); d++) {
      Vec v = docs.get(d);
      for (int i = 0; i < v.tokens.length; i++) {
        postings
            .computeIfAbsent(v.tokens[i], t -> new ArrayList<>())
            .add(new int[] {d, Float.floatToIntBits(v.weights[i])});
      }
    }
    double[] scores = new double[docs.size()];
    List<List<String>> out = new ArrayList<>();
    for (Vec q : queries) {
      Arrays.fill(scores, 0);
      for (int i = 0; i < q.tokens.length; i++) {
        List<int[]> list = postings.get(q.tokens[i]);
        if (list != null) {
          for (int[] p : list) {
            scores[p[0]] += (double) q.weights[i] * Float.intBitsToFloat(p[1]);
          }
        }
      }
      Integer[] top = new Integer[0];
      List<Integer> best = new ArrayList<>();
      for (int d = 0; d < scores.length; d++) {
        if (scores[d] <= 0) {
          continue;
        }
        if (best.size() < K || scores[d] > scores[best.get(best.size() - 1)]) {
          int pos = best.size();
          while (pos > 0 && scores[best.get(pos - 1)] < scores[d]) {
            pos--;
          }
          best.add(pos, d);
          if (best.size() > K) {
            best.remove(K);
          }
        }
      }
      top = best.toArray(top);
      List<String> ids = new ArrayList<>();
      for (int d : top) {
        ids.add(docs.get(d).id);
      }
      out.add(ids);
    }
    return out;
  }

  /**
   * Mean over queries of |found ∩ reference| / |reference| (queries with an empty reference count
   * as 1).
   */
  static double recall(List<List<String>> found, List<List<String>> reference) {
    double sum = 0;
    for (int i = 0; i < reference.size(); i++) {
      Set<String> ref = new HashSet<>(reference.get(i));
      if (ref.isEmpty()) {
        sum += 1;
        continue;
      }
      int hit = 0;
      for (String id : found.get(i)) {
        if (ref.contains(id)) {
          hit++;
        }
      }
      sum += hit / (double) ref.size();
    }
    return sum / reference.size();
  }

  private static double[] toDouble(long[] values, double scale) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i] * scale;
    }
    return d;
  }

  /** Nearest-rank percentile. */
  static double pct(double[] values, double p) {
    double[] s = values.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
  }

  private static String stats(double[] ms) {
    double mean = Arrays.stream(ms).average().orElse(0);
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", mean, pct(ms, 50), pct(ms, 99));
  }

  private static String ratio(double a, double b) {
    return b == 0 ? "n/a (0 ms)" : String.format(Locale.ROOT, "%.2f×", a / b);
  }

  private static double mean(long[] values) {
    return Arrays.stream(values).average().orElse(0);
  }

  // ---------------------------------------------------------------- data

  private static Path sharedData() {
    String p = System.getProperty("seismic.shared.data");
    if (p != null && !p.isBlank() && !p.startsWith("${")) {
      return Path.of(p);
    }
    // The module folder is the working directory under Maven; shared/ sits beside the checkout.
    return Path.of("").toAbsolutePath().resolve("../../shared/data").normalize();
  }

  /** Every splade-pp-ed file with a known scale except the query file, sorted by name. */
  static List<Path> documentFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".tsv.gz"))
          .filter(p -> !p.getFileName().toString().equals(QUERY_FILE))
          .filter(p -> scale(p.getFileName().toString()) > 0)
          .sorted()
          .toList();
    }
  }

  /** Q of shared/data/README.md for splade-pp-ed files; 0 when unknown (dl23). */
  static int scale(String name) {
    if (name.startsWith("topics.dl23.")) {
      return 0;
    }
    if (name.startsWith("topics.beir-")) {
      return 100;
    }
    for (String p :
        List.of(
            "topics.msmarco-passage.",
            "topics.msmarco-v2-passage.",
            "topics.dl19-passage.",
            "topics.dl20.",
            "topics.dl21.",
            "topics.dl22.")) {
      if (name.startsWith(p)) {
        return 1000;
      }
    }
    return 0;
  }

  /** {@code topics.beir-v1.0.0-nq.test.splade-pp-ed.tsv.gz} gives {@code beir-v1.0.0-nq.test}. */
  static String datasetName(Path file) {
    String name = file.getFileName().toString();
    name = name.substring("topics.".length(), name.length() - ".tsv.gz".length());
    return name.substring(0, name.lastIndexOf('.'));
  }

  /**
   * Reads the pretokenized-impact TSV: {@code <id> TAB <tok> <tok> ...}, each token repeated
   * round(weight × Q) times. Vectors with no token are skipped (neither field accepts them).
   */
  static List<Vec> read(Path file, int q, String prefix, int limit) throws IOException {
    List<Vec> out = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.UTF_8))) {
      Set<String> seen = new HashSet<>();
      for (String line = in.readLine(); line != null && out.size() < limit; line = in.readLine()) {
        if (line.isEmpty()) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab <= 0) {
          throw new IOException(file + ": no tab in line: " + line);
        }
        String id = prefix + line.substring(0, tab);
        if (!seen.add(id)) {
          throw new IOException(file + ": duplicate id " + id);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String tok : line.substring(tab + 1).split(" ")) {
          if (!tok.isEmpty()) {
            counts.merge(tok, 1, Integer::sum);
          }
        }
        if (counts.isEmpty()) {
          continue;
        }
        String[] tokens = new String[counts.size()];
        float[] weights = new float[counts.size()];
        int i = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
          tokens[i] = fieldSafe(e.getKey());
          weights[i] = (float) (e.getValue() / (double) q);
          i++;
        }
        out.add(new Vec(id, tokens, weights));
      }
    }
    return out;
  }

  /**
   * The token as a feature name: dots replaced (no wordpiece contains {@value #DOT_REPLACEMENT}).
   */
  static String fieldSafe(String token) {
    return token.indexOf('.') < 0 ? token : token.replace(".", DOT_REPLACEMENT);
  }

  private static boolean hadDot(Vec v) {
    for (String t : v.tokens) {
      if (t.contains(DOT_REPLACEMENT)) {
        return true;
      }
    }
    return false;
  }

  private static List<SeismicConfig> parseConfigs(String spec) {
    List<SeismicConfig> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] qh = part.trim().split(":");
      out.add(new SeismicConfig(Integer.parseInt(qh[0]), Float.parseFloat(qh[1])));
    }
    return out;
  }
}
