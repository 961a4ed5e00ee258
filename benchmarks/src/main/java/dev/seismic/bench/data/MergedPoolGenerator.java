package dev.seismic.bench.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a large document set <b>from real vectors</b>: each generated document is the merge of a
 * few real pool vectors, so the tokens that occur together in it occurred together in real encoder
 * output (the real pool is only ~57k documents; the benchmark targets need 1M).
 *
 * <p>Document {@code i} is made as follows, drawing from one {@link SplittableRandom} seeded with
 * {@code seed}, documents in order:
 *
 * <ol>
 *   <li>pick a source file of the pool, with probability proportional to its number of vectors
 *       (sources are the id prefix before {@code '/'} that {@link RealPool} gives; the generated
 *       set keeps the pool's mix of sources);
 *   <li>pick {@code m} uniformly in {@code [minMerge, maxMerge]}, then {@code m} distinct vectors
 *       of that source uniformly (fewer if the source is smaller);
 *   <li>combine them by taking, per token, the <em>maximum</em> weight (SPLADE's own pooling is a
 *       max, so a merged vector looks like the encoding of a longer passage on the same topics);
 *   <li>keep the {@code maxTerms} heaviest tokens (ties: the token that sorts first).
 * </ol>
 *
 * Merging only within a source keeps documents topical (two BEIR arguments, not an argument and a
 * tweet). The same pool, seed and parameters give the same documents on every machine and JDK.
 * Queries are not generated: they stay the real MS MARCO dev vectors.
 */
public final class MergedPoolGenerator {

  /** The label printed next to every figure measured on such a set. */
  public static final String LABEL = "generated from real SPLADE++ ED vectors (merged pool)";

  /** Bumped whenever the algorithm changes, so cached sets of an older algorithm are not reused. */
  public static final int ALGORITHM_VERSION = 1;

  /**
   * The generator's parameters.
   *
   * @param documents how many documents to make
   * @param seed the random seed
   * @param minMerge fewest real vectors merged into one document (at least 1)
   * @param maxMerge most real vectors merged into one document
   * @param maxTerms tokens kept per document
   */
  public record Params(int documents, long seed, int minMerge, int maxMerge, int maxTerms)
      implements PoolGenerator {
    public Params {
      if (documents < 1) {
        throw new IllegalArgumentException("--docs must be >= 1, got " + documents);
      }
      if (minMerge < 1 || maxMerge < minMerge) {
        throw new IllegalArgumentException(
            "merge range must satisfy 1 <= min <= max, got [" + minMerge + ", " + maxMerge + "]");
      }
      if (maxTerms < 1) {
        throw new IllegalArgumentException("--max-terms must be >= 1, got " + maxTerms);
      }
    }

    @Override
    public String label() {
      return LABEL;
    }

    @Override
    public String describe(int poolSize) {
      return MergedPoolGenerator.describe(this, poolSize);
    }

    @Override
    public VectorStream stream(VectorSet pool) {
      return MergedPoolGenerator.stream(pool, this);
    }

    /** A file-name-safe key; with the pool's fingerprint it identifies a generated set. */
    @Override
    public String key() {
      return String.format(
          Locale.ROOT,
          "merged-v%d-d%d-s%d-m%d-%d-t%d",
          ALGORITHM_VERSION,
          documents,
          seed,
          minMerge,
          maxMerge,
          maxTerms);
    }
  }

  private MergedPoolGenerator() {}

  /** Generates all documents from {@code pool} (the real pool's documents) in memory. */
  public static VectorSet generate(VectorSet pool, Params p) {
    return p.generate(pool);
  }

  /**
   * The documents made from {@code pool}, one at a time: each pass reruns the generator from the
   * seed, so the same documents come in the same order, and none is kept.
   */
  static VectorStream stream(VectorSet pool, Params p) {
    List<int[]> sources = sources(pool);
    long[] cumulative = new long[sources.size()];
    long sum = 0;
    for (int s = 0; s < sources.size(); s++) {
      sum += sources.get(s).length;
      cumulative[s] = sum;
    }
    long total = sum;
    // Tokens as ids numbered in token order: merging is then array work, and ties between equal
    // weights break by token order without comparing strings (1M documents must take seconds).
    String[] vocabulary = vocabulary(pool);
    int[][] poolIds = tokenIds(pool, vocabulary);
    return new VectorStream() {
      @Override
      public long size() {
        return p.documents();
      }

      @Override
      public void forEach(VectorSink sink) throws java.io.IOException {
        SplittableRandom random = new SplittableRandom(p.seed());
        float[] merged = new float[vocabulary.length];
        int[] touched = new int[vocabulary.length];
        long[] order = new long[vocabulary.length];
        int[] picked = new int[p.maxMerge()];
        for (int i = 0; i < p.documents(); i++) {
          int[] source = sources.get(pickSource(cumulative, random.nextLong(total)));
          int m =
              Math.min(
                  source.length, p.minMerge() + random.nextInt(p.maxMerge() - p.minMerge() + 1));
          pickDistinct(source, m, picked, random);
          int n = 0;
          for (int j = 0; j < m; j++) {
            int[] tokenIds = poolIds[picked[j]];
            float[] weights = pool.weights(picked[j]);
            for (int t = 0; t < tokenIds.length; t++) {
              int id = tokenIds[t];
              if (merged[id] == 0f) {
                touched[n++] = id;
              }
              merged[id] = Math.max(merged[id], weights[t]);
            }
          }
          emitHeaviest("g" + i, merged, touched, n, p.maxTerms(), vocabulary, order, sink);
        }
      }
    };
  }

  /**
   * Hands the heaviest {@code maxTerms} of the {@code n} tokens in {@code touched} (weights in
   * {@code weights}, indexed by token id) to {@code sink}, heaviest first, ties to the token that
   * sorts first; clears their weights.
   */
  static void emitHeaviest(
      String id,
      float[] weights,
      int[] touched,
      int n,
      int maxTerms,
      String[] vocabulary,
      long[] order,
      VectorSink sink)
      throws java.io.IOException {
    // Heaviest first: positive float bits sort like the floats; complementing them makes an
    // ascending sort descending by weight, and the low half breaks ties by token id.
    for (int j = 0; j < n; j++) {
      int t = touched[j];
      order[j] = ((long) ~Float.floatToIntBits(weights[t]) << 32) | t;
    }
    Arrays.sort(order, 0, n);
    int kept = Math.min(maxTerms, n);
    String[] tokens = new String[kept];
    float[] keptWeights = new float[kept];
    for (int j = 0; j < kept; j++) {
      int t = (int) order[j];
      tokens[j] = vocabulary[t];
      keptWeights[j] = weights[t];
    }
    for (int j = 0; j < n; j++) {
      weights[touched[j]] = 0f;
    }
    sink.add(id, tokens, keptWeights);
  }

  /** Each pool vector's tokens as ids in {@code vocabulary} (sorted). */
  static int[][] tokenIds(VectorSet pool, String[] vocabulary) {
    Map<String, Integer> ids = new HashMap<>();
    for (int t = 0; t < vocabulary.length; t++) {
      ids.put(vocabulary[t], t);
    }
    int[][] poolIds = new int[pool.size()][];
    for (int v = 0; v < pool.size(); v++) {
      String[] tokens = pool.tokens(v);
      poolIds[v] = new int[tokens.length];
      for (int t = 0; t < tokens.length; t++) {
        poolIds[v][t] = ids.get(tokens[t]);
      }
    }
    return poolIds;
  }

  /** The pool's distinct tokens, sorted. */
  static String[] vocabulary(VectorSet pool) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>();
    for (int v = 0; v < pool.size(); v++) {
      all.addAll(Arrays.asList(pool.tokens(v)));
    }
    return all.toArray(new String[0]);
  }

  /** One line on how a set was made, for reports. */
  public static String describe(Params p, int poolSize) {
    return String.format(
        Locale.ROOT,
        "%,d documents, each the max-merge of %d-%d real vectors of one source file of the %,d-vector"
            + " SPLADE++ ED pool, top %d tokens kept, seed %d",
        p.documents(),
        p.minMerge(),
        p.maxMerge(),
        poolSize,
        p.maxTerms(),
        p.seed());
  }

  /** Vector numbers grouped by source (id prefix before '/'), sources in first-seen order. */
  static List<int[]> sources(VectorSet pool) {
    Map<String, List<Integer>> bySource = new LinkedHashMap<>();
    for (int i = 0; i < pool.size(); i++) {
      String id = pool.id(i);
      int slash = id.indexOf('/');
      String source = slash < 0 ? "" : id.substring(0, slash);
      bySource.computeIfAbsent(source, s -> new ArrayList<>()).add(i);
    }
    List<int[]> out = new ArrayList<>();
    for (List<Integer> members : bySource.values()) {
      out.add(members.stream().mapToInt(Integer::intValue).toArray());
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the pool is empty: nothing to generate documents from");
    }
    return out;
  }

  static int pickSource(long[] cumulative, long r) {
    int i = Arrays.binarySearch(cumulative, r);
    // r is in [0, sum): the source whose cumulative count is the first one above r.
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** Fills {@code out[0..m)} with distinct members of {@code source} (rejection: m is tiny). */
  private static void pickDistinct(int[] source, int m, int[] out, SplittableRandom random) {
    for (int j = 0; j < m; j++) {
      int candidate;
      boolean repeat;
      do {
        candidate = source[random.nextInt(source.length)];
        repeat = false;
        for (int k = 0; k < j; k++) {
          repeat |= out[k] == candidate;
        }
      } while (repeat);
      out[j] = candidate;
    }
  }
}
