package dev.seismic.bench.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic data set for machines without {@code shared/data}: <b>generated, not learned</b>.
 *
 * <p>It only mimics the shape of learned-sparse data (a Zipf-like vocabulary of ~30k tokens, ~100
 * non-zeros per document, ~30 per query, rarer tokens weighing more), not the term co-occurrence of
 * a real encoder, so its recall and latency figures say little about real data; every printout
 * labels them. Queries are drawn so that they overlap documents: most of a query's tokens are the
 * heaviest tokens of a randomly chosen "source" document, the rest are drawn from the vocabulary,
 * so each query has clearly relevant documents as real queries do.
 *
 * <p>Deterministic: the same seed and sizes give the same vectors on every machine and JDK.
 */
public final class GeneratedData {

  /** The label printed next to every figure measured on this data. */
  public static final String LABEL = "generated (not learned)";

  public static final int VOCABULARY_SIZE = 30_000;
  public static final int MEAN_DOC_NNZ = 100;
  public static final int MEAN_QUERY_NNZ = 30;

  /** Share of a query's tokens taken from its source document. */
  private static final double QUERY_OVERLAP = 0.7;

  /** Zipf exponent of token frequencies. */
  private static final double ZIPF_EXPONENT = 1.0;

  private final SplittableRandom random;
  private final String[] vocabulary;
  private final double[] cumulative;

  private GeneratedData(long seed) {
    this.random = new SplittableRandom(seed);
    this.vocabulary = new String[VOCABULARY_SIZE];
    this.cumulative = new double[VOCABULARY_SIZE];
    double sum = 0;
    for (int rank = 0; rank < VOCABULARY_SIZE; rank++) {
      vocabulary[rank] = String.format(Locale.ROOT, "g%05d", rank);
      sum += 1.0 / Math.pow(rank + 1, ZIPF_EXPONENT);
      cumulative[rank] = sum;
    }
    for (int rank = 0; rank < VOCABULARY_SIZE; rank++) {
      cumulative[rank] /= sum;
    }
  }

  /** Generates {@code documents} documents and {@code queries} queries from {@code seed}. */
  public static Dataset generate(long seed, int documents, int queries) {
    GeneratedData g = new GeneratedData(seed);
    VectorSet.Builder docs = new VectorSet.Builder();
    for (int i = 0; i < documents; i++) {
      docs.add("d" + i, g.document());
    }
    VectorSet docSet = docs.build();
    VectorSet.Builder qs = new VectorSet.Builder();
    for (int i = 0; i < queries; i++) {
      int source = g.random.nextInt(docSet.size());
      qs.add("q" + i, g.query(docSet.tokens(source), docSet.weights(source)));
    }
    String sources =
        String.format(
            Locale.ROOT,
            "seed %d, Zipf vocabulary of %,d tokens, ~%d nnz per document, ~%d per query",
            seed,
            VOCABULARY_SIZE,
            MEAN_DOC_NNZ,
            MEAN_QUERY_NNZ);
    return new Dataset("generated-s" + seed + "-d" + documents, LABEL, sources, docSet, qs.build());
  }

  private Map<String, Float> document() {
    int nnz = clamp((int) Math.round(MEAN_DOC_NNZ * Math.exp(0.3 * random.nextGaussian())), 5, 400);
    Map<String, Float> v = new LinkedHashMap<>();
    while (v.size() < nnz) {
      int rank = zipfRank();
      v.putIfAbsent(vocabulary[rank], weight(rank));
    }
    return v;
  }

  private Map<String, Float> query(String[] sourceTokens, float[] sourceWeights) {
    int nnz =
        clamp((int) Math.round(MEAN_QUERY_NNZ * Math.exp(0.3 * random.nextGaussian())), 3, 100);
    int fromSource = Math.min(sourceTokens.length, (int) Math.round(nnz * QUERY_OVERLAP));
    // The heaviest tokens of the source, with noise so that queries do not copy documents.
    Integer[] order = new Integer[sourceTokens.length];
    double[] noisy = new double[sourceTokens.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      noisy[i] = sourceWeights[i] * Math.exp(0.5 * random.nextGaussian());
    }
    Arrays.sort(order, (a, b) -> Double.compare(noisy[b], noisy[a]));
    Map<String, Float> v = new LinkedHashMap<>();
    for (int i = 0; i < fromSource; i++) {
      v.put(sourceTokens[order[i]], (float) Math.min(4.0, noisy[order[i]]));
    }
    while (v.size() < nnz) {
      int rank = zipfRank();
      v.putIfAbsent(vocabulary[rank], weight(rank));
    }
    return v;
  }

  /** A token rank with probability proportional to {@code 1 / (rank + 1)}. */
  private int zipfRank() {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(VOCABULARY_SIZE - 1, i >= 0 ? i : -i - 1);
  }

  /** SPLADE-like: positive, skewed, up to ~3, and larger for rarer tokens (an IDF-like effect). */
  private float weight(int rank) {
    double idf = 0.2 + 0.8 * Math.log(2 + rank) / Math.log(2 + VOCABULARY_SIZE);
    double w = idf * Math.exp(-0.6 + 0.7 * random.nextGaussian());
    return (float) Math.min(4.0, Math.max(0.01, w));
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
