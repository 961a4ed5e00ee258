package dev.seismic.elasticsearch.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.seismic.elasticsearch.dist.EsDistribution;
import dev.seismic.elasticsearch.rest.RestHelper;
import dev.seismic.elasticsearch.store.SeismicDirectoryFactory;
import dev.seismic.lucene.search.SeismicQueryParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.Assume;
import org.junit.Test;

/**
 * Recall and latency of the {@code seismic} query against Elasticsearch's own exact search over the
 * same real SPLADE documents, through REST on the real distribution (-Pheavy only).
 *
 * <p>Documents: every {@code splade-pp-ed} file except the MS MARCO dev subset (about 57k real
 * passage and query vectors); queries: the first MS MARCO dev queries. One index per side, each
 * force-merged to one segment: {@code seismic_vector} with the plugin, and Elasticsearch's built-in
 * {@code sparse_vector}. Ground truth is the built-in {@code sparse_vector} query with pruning off
 * (exact MaxScore over the same 9-bit weights). Latency is measured at the client, one query at a
 * time, after a warm-up, so it includes the HTTP round trip for both sides alike.
 *
 * <p>Then the store: the same Seismic index three more times without compound files, under the
 * store the plugin gives a Seismic index by default, under {@code mmapfs}, and under
 * Elasticsearch's own default {@code hybridfs}.
 */
public class RestRecallHeavyIT {

  private static final int K = 10;
  private static final int QUERIES = Integer.getInteger("bench.queries", 1000);
  private static final int WARMUP = 200;
  private static final int STORE_ROUNDS = 3;

  @Test
  public void recallAndLatencyAgainstBuiltInSparseVector() throws Exception {
    Path data =
        Path.of(
            System.getProperty("seismic.shared.data", "../../shared/data"), "splade/splade-pp-ed");
    Assume.assumeTrue("no shared SPLADE data at " + data + "; skipping", Files.isDirectory(data));
    List<SpladeTsv.Vector> docs = new ArrayList<>();
    List<SpladeTsv.Vector> queries = new ArrayList<>();
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.contains("dl23")) {
          continue; // scale unknown (data README)
        }
        if (name.contains("msmarco-passage.dev-subset")) {
          queries.addAll(SpladeTsv.read(f, "q", QUERIES + WARMUP));
        } else {
          docs.addAll(
              SpladeTsv.read(
                  f,
                  name.replace("topics.", "").replace(".splade-pp-ed.tsv.gz", "") + ":",
                  Integer.MAX_VALUE));
        }
      }
    }
    try (EsDistribution es = EsDistribution.installFromBuild();
        RestHelper rest = new RestHelper(es.httpUri())) {
      es.start();
      rest.ok("PUT", "/bench-seismic", mapping("seismic_vector", true));
      rest.ok("PUT", "/bench-exact", mapping("sparse_vector", false));
      long t0 = System.nanoTime();
      index(rest, "bench-seismic", docs);
      double seismicIndexSec = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      index(rest, "bench-exact", docs);
      double exactIndexSec = (System.nanoTime() - t0) / 1e9;
      for (String index : List.of("bench-seismic", "bench-exact")) {
        rest.ok("POST", "/" + index + "/_forcemerge?max_num_segments=1", null);
        rest.ok("POST", "/" + index + "/_refresh", null);
      }
      String sizes =
          rest.ok("GET", "/_cat/indices/bench-*?h=index,docs.count,store.size&s=index", null)
              .text();

      List<SpladeTsv.Vector> warm = queries.subList(0, Math.min(WARMUP, queries.size()));
      List<SpladeTsv.Vector> measured = queries.subList(warm.size(), queries.size());
      String exactQ = "{\"sparse_vector\":{\"field\":\"vec\",\"query_vector\":%s,\"prune\":false}}";
      String prunedQ = "{\"sparse_vector\":{\"field\":\"vec\",\"query_vector\":%s}}";
      Run exact = run(rest, "bench-exact", exactQ, warm, measured);
      List<String> lines = new ArrayList<>();
      lines.add("documents: " + docs.size() + ", queries: " + measured.size() + ", k=" + K);
      lines.add(
          "index build (bulk + refresh, client-side): seismic_vector "
              + fmt(seismicIndexSec)
              + " s, sparse_vector "
              + fmt(exactIndexSec)
              + " s");
      lines.add(sizes.strip());
      lines.add(row("sparse_vector, prune=false (exact)", exact, exact));
      lines.add(
          row(
              "sparse_vector, default pruning",
              run(rest, "bench-exact", prunedQ, warm, measured),
              exact));
      // The query's defaults (SeismicQueryParams, sent without query_cut and heap_factor), then
      // settings around them.
      String seismicDefault =
          "{\"seismic\":{\"field\":\"vec\",\"k\":" + K + ",\"query_vector\":%s}}";
      Run defaults = run(rest, "bench-seismic", seismicDefault, warm, measured);
      double defaultRecall = recall(exact, defaults);
      lines.add(
          row(
              "seismic defaults (query_cut="
                  + SeismicQueryParams.DEFAULT_QUERY_CUT
                  + " heap_factor="
                  + SeismicQueryParams.DEFAULT_HEAP_FACTOR
                  + ")",
              defaults,
              exact));
      for (String[] cut :
          new String[][] {{"10", "0.7"}, {"10", "0.9"}, {"20", "0.9"}, {"5", "0.5"}}) {
        String q =
            "{\"seismic\":{\"field\":\"vec\",\"k\":"
                + K
                + ",\"query_cut\":"
                + cut[0]
                + ",\"heap_factor\":"
                + cut[1]
                + ",\"query_vector\":%s}}";
        Run r = run(rest, "bench-seismic", q, warm, measured);
        lines.add(row("seismic query_cut=" + cut[0] + " heap_factor=" + cut[1], r, exact));
      }
      lines.addAll(storeComparison(rest, docs, seismicDefault, warm, measured, exact));
      String report = String.join("\n", lines);
      System.out.println(report);
      Files.writeString(
          Path.of(System.getProperty("java.io.tmpdir"), "es-rest-bench.txt"),
          report + "\n",
          StandardCharsets.UTF_8);
      assertTrue("recall@10 of the default seismic query: " + defaultRecall, defaultRecall >= 0.8);
    }
  }

  private static String mapping(String type, boolean seismic) {
    return "{\"settings\":{\"index\":{\"number_of_shards\":1,\"number_of_replicas\":0,\"refresh_interval\":\"-1\""
        + (seismic ? ",\"seismic.enabled\":true" : "")
        + "}},\"mappings\":{\"properties\":{\"vec\":{\"type\":\""
        + type
        + "\"}}}}";
  }

  /**
   * The plugin's default store against {@code mmapfs}, and against Elasticsearch's own default
   * ({@code hybridfs}, which reads Seismic's files with buffered reads) for reference.
   *
   * <p>Segments under {@code index.compound_format} (1gb) live in a compound file, which every
   * store maps, so these indices keep the Seismic files apart as larger segments do. The three are
   * measured in {@value #STORE_ROUNDS} interleaved rounds, each starting with a different store, so
   * that a slow spell of the machine falls on all of them; each round's mean is printed, and their
   * spread within a store is the noise to compare the stores' differences with.
   */
  private static List<String> storeComparison(
      RestHelper rest,
      List<SpladeTsv.Vector> docs,
      String query,
      List<SpladeTsv.Vector> warm,
      List<SpladeTsv.Vector> measured,
      Run exact)
      throws Exception {
    String[][] stores = {
      {"bench-store-default", ""},
      {"bench-store-mmapfs", ",\"store.type\":\"mmapfs\""},
      {"bench-store-hybridfs", ",\"store.type\":\"hybridfs\""}
    };
    List<String> storeTypes = new ArrayList<>();
    for (String[] store : stores) {
      rest.ok(
          "PUT",
          "/" + store[0],
          mapping("seismic_vector", true)
              .replace(
                  "\"seismic.enabled\":true",
                  "\"seismic.enabled\":true,\"compound_format\":false" + store[1]));
      index(rest, store[0], docs);
      rest.ok("POST", "/" + store[0] + "/_forcemerge?max_num_segments=1", null);
      rest.ok("POST", "/" + store[0] + "/_refresh", null);
      storeTypes.add(storeType(rest, store[0]));
    }
    assertEquals(
        "the store a Seismic index gets without a store setting",
        SeismicDirectoryFactory.STORE_TYPE,
        storeTypes.get(0));

    List<List<Run>> runs = new ArrayList<>();
    for (int s = 0; s < stores.length; s++) {
      runs.add(new ArrayList<>());
    }
    for (int round = 0; round < STORE_ROUNDS; round++) {
      for (int i = 0; i < stores.length; i++) {
        int s = (round + i) % stores.length;
        runs.get(s).add(run(rest, stores[s][0], query, warm, measured));
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "stores: seismic defaults, no compound file, "
            + STORE_ROUNDS
            + " interleaved rounds of "
            + measured.size()
            + " queries per store");
    for (int s = 0; s < stores.length; s++) {
      Run pooled = Run.concat(runs.get(s));
      StringBuilder roundMeans = new StringBuilder();
      for (Run r : runs.get(s)) {
        roundMeans.append(' ').append(String.format(Locale.ROOT, "%.2f", r.meanMillis()));
      }
      lines.add(
          row(stores[s][0] + " (" + storeTypes.get(s) + ")", pooled, exact)
              + "  round means ms:"
              + roundMeans);
    }
    return lines;
  }

  /** The index's {@code index.store.type} as its settings hold it ("(unset)" when absent). */
  @SuppressWarnings("unchecked")
  private static String storeType(RestHelper rest, String index) throws Exception {
    Map<String, Object> body =
        (Map<String, Object>)
            rest.ok("GET", "/" + index + "/_settings/index.store.type?flat_settings=true", null)
                .body();
    Map<String, Object> settings =
        (Map<String, Object>) ((Map<String, Object>) body.get(index)).get("settings");
    Object type = settings.get("index.store.type");
    return type == null ? "(unset)" : type.toString();
  }

  private static void index(RestHelper rest, String index, List<SpladeTsv.Vector> docs)
      throws Exception {
    for (int start = 0; start < docs.size(); start += 2000) {
      StringBuilder bulk = new StringBuilder();
      for (SpladeTsv.Vector d : docs.subList(start, Math.min(docs.size(), start + 2000))) {
        bulk.append("{\"index\":{\"_id\":\"").append(d.id().replace("\"", "")).append("\"}}\n");
        bulk.append("{\"vec\":").append(json(d.weights())).append("}\n");
      }
      rest.ok("POST", "/" + index + "/_bulk", bulk.toString());
    }
    rest.ok("POST", "/" + index + "/_refresh", null);
  }

  record Run(List<List<String>> ids, long[] micros) {

    /**
     * The runs' queries one after the other, for percentiles over rounds of the same queries (whose
     * hits are the same in every round, so recall reads the first round's).
     */
    static Run concat(List<Run> runs) {
      List<List<String>> ids = new ArrayList<>();
      long[] micros = new long[runs.stream().mapToInt(r -> r.micros().length).sum()];
      int at = 0;
      for (Run r : runs) {
        ids.addAll(r.ids());
        System.arraycopy(r.micros(), 0, micros, at, r.micros().length);
        at += r.micros().length;
      }
      return new Run(ids, micros);
    }

    double meanMillis() {
      return Arrays.stream(micros).average().orElse(0) / 1000;
    }
  }

  @SuppressWarnings("unchecked")
  private static Run run(
      RestHelper rest,
      String index,
      String template,
      List<SpladeTsv.Vector> warm,
      List<SpladeTsv.Vector> measured)
      throws Exception {
    for (SpladeTsv.Vector q : warm) {
      search(rest, index, template, q);
    }
    List<List<String>> ids = new ArrayList<>();
    long[] micros = new long[measured.size()];
    for (int i = 0; i < measured.size(); i++) {
      long t = System.nanoTime();
      RestHelper.Response r = search(rest, index, template, measured.get(i));
      micros[i] = (System.nanoTime() - t) / 1000;
      Map<String, Object> hits = (Map<String, Object>) ((Map<String, Object>) r.body()).get("hits");
      ids.add(
          ((List<Map<String, Object>>) hits.get("hits"))
              .stream().map(h -> (String) h.get("_id")).toList());
    }
    return new Run(ids, micros);
  }

  private static RestHelper.Response search(
      RestHelper rest, String index, String template, SpladeTsv.Vector q) throws Exception {
    String body =
        "{\"size\":"
            + K
            + ",\"_source\":false,\"query\":"
            + String.format(Locale.ROOT, template, json(q.weights()))
            + "}";
    return rest.ok("POST", "/" + index + "/_search?request_cache=false", body);
  }

  private static double recall(Run truth, Run run) {
    double sum = 0;
    for (int i = 0; i < truth.ids().size(); i++) {
      Set<String> t = new HashSet<>(truth.ids().get(i));
      if (t.isEmpty()) {
        sum += 1;
        continue;
      }
      t.retainAll(run.ids().get(i));
      sum += (double) t.size() / truth.ids().get(i).size();
    }
    return sum / truth.ids().size();
  }

  private static String row(String name, Run run, Run truth) {
    long[] sorted = run.micros().clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElse(0) / 1000;
    return String.format(
        Locale.ROOT,
        "%-40s recall@%d %.4f   latency ms: mean %.2f  p50 %.2f  p99 %.2f",
        name,
        K,
        recall(truth, run),
        mean,
        sorted[sorted.length / 2] / 1000.0,
        sorted[(int) (sorted.length * 0.99)] / 1000.0);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String json(Map<String, Float> v) {
    StringBuilder sb = new StringBuilder("{");
    for (var e : v.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('"')
          .append(e.getKey().replace("\\", "\\\\").replace("\"", "\\\""))
          .append("\":")
          .append(e.getValue());
    }
    return sb.append('}').toString();
  }
}
