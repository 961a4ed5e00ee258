package dev.seismic.bench.data;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A second way of making a large document set <b>from real vectors</b> ({@code --generator
 * cooccur}), built differently from {@link MergedPoolGenerator} so that a result measured at scale
 * can be checked not to be an artefact of one construction. Where the merged generator unions 2–4
 * whole vectors of one source file with their exact weights, this one starts from a single real
 * vector, perturbs it, and grows it one token at a time along the pool's term co-occurrence:
 *
 * <ol>
 *   <li>pick a <em>seed</em> vector of the pool uniformly;
 *   <li>keep each of its tokens with probability {@value #KEEP} (its heaviest token always), its
 *       weight multiplied by {@code exp(σ·g)}, g standard normal, σ = {@code weightNoise};
 *   <li>add {@code round(expansion × nnz(seed))} <em>co-occurring</em> tokens, each by a two-step
 *       walk on the pool: an <em>anchor</em> token of the seed, drawn in proportion to its weight
 *       in the seed; a pool vector containing the anchor, drawn uniformly (any source file); one of
 *       that vector's tokens, drawn in proportion to its weight there, which joins the document
 *       with that weight × {@value #EXPANSION_WEIGHT} × {@code exp(σ·g)} (a token drawn twice keeps
 *       its larger weight; at most {@value #ATTEMPTS}× as many draws as tokens wanted);
 *   <li>keep the {@code maxTerms} heaviest tokens (ties: the token that sorts first).
 * </ol>
 *
 * So a document's tokens are one real vector's (reweighted, thinned) plus tokens that really occur
 * with them in encoder output, lighter, as a learned encoder's expansion terms are; documents
 * overlap through shared seeds and shared neighbours rather than shared whole vectors. One {@link
 * SplittableRandom} seeded with {@code seed} draws everything, documents in order: the same pool,
 * seed and parameters give the same documents on every machine and JDK 21+.
 */
public final class CooccurrenceGenerator {

  /** The label printed next to every figure measured on such a set. */
  public static final String LABEL =
      "generated from real SPLADE++ ED vectors (co-occurrence expansion)";

  /** Bumped whenever the algorithm changes, so cached results of an older one are not reused. */
  public static final int ALGORITHM_VERSION = 1;

  /** Probability that a seed token is kept. */
  static final double KEEP = 0.8;

  /** Expansion tokens weigh this share of their weight in the vector they were drawn from. */
  static final double EXPANSION_WEIGHT = 0.5;

  /** Draws per expansion token wanted, at most (a drawn token may be present already). */
  static final int ATTEMPTS = 4;

  /**
   * The generator's parameters.
   *
   * @param documents how many documents to make
   * @param seed the random seed
   * @param expansion co-occurring tokens added per seed token (≥ 0)
   * @param weightNoise σ of the log-normal factor on every weight (≥ 0; 0 keeps real weights)
   * @param maxTerms tokens kept per document
   */
  public record Params(int documents, long seed, double expansion, double weightNoise, int maxTerms)
      implements PoolGenerator {

    public Params {
      if (documents < 1) {
        throw new IllegalArgumentException("--docs must be >= 1, got " + documents);
      }
      if (!(expansion >= 0 && expansion <= 100)) {
        throw new IllegalArgumentException("--expansion must be in [0, 100], got " + expansion);
      }
      if (!(weightNoise >= 0 && weightNoise <= 2)) {
        throw new IllegalArgumentException("--weight-noise must be in [0, 2], got " + weightNoise);
      }
      if (maxTerms < 1) {
        throw new IllegalArgumentException("--max-terms must be >= 1, got " + maxTerms);
      }
    }

    @Override
    public String key() {
      return String.format(
          Locale.ROOT,
          "cooccur-v%d-d%d-s%d-x%s-n%s-t%d",
          ALGORITHM_VERSION,
          documents,
          seed,
          expansion,
          weightNoise,
          maxTerms);
    }

    @Override
    public String label() {
      return LABEL;
    }

    @Override
    public String describe(int poolSize) {
      return String.format(
          Locale.ROOT,
          "%,d documents, each one real vector of the %,d-vector SPLADE++ ED pool (tokens kept with"
              + " probability %.1f, weights × exp(%.2f·N(0,1))) plus %.2f co-occurring tokens per"
              + " seed token drawn through the pool's term co-occurrence, top %d tokens kept, seed"
              + " %d",
          documents,
          poolSize,
          KEEP,
          weightNoise,
          expansion,
          maxTerms,
          seed);
    }

    @Override
    public VectorStream stream(VectorSet pool) {
      return CooccurrenceGenerator.stream(pool, this);
    }
  }

  private CooccurrenceGenerator() {}

  static VectorStream stream(VectorSet pool, Params p) {
    if (pool.size() == 0) {
      throw new IllegalArgumentException("the pool is empty: nothing to generate documents from");
    }
    String[] vocabulary = MergedPoolGenerator.vocabulary(pool);
    int[][] poolIds = MergedPoolGenerator.tokenIds(pool, vocabulary);
    // Per vector, cumulative weights (to draw a token in proportion to its weight) and its
    // heaviest token; per token, the vectors holding it (to draw a co-occurring vector).
    float[][] cumulative = new float[pool.size()][];
    int[] heaviest = new int[pool.size()];
    int[] df = new int[vocabulary.length];
    for (int v = 0; v < pool.size(); v++) {
      float[] w = pool.weights(v);
      cumulative[v] = new float[w.length];
      float sum = 0;
      for (int t = 0; t < w.length; t++) {
        sum += w[t];
        cumulative[v][t] = sum;
        if (w[t] > w[heaviest[v]]) {
          heaviest[v] = t;
        }
      }
      for (int id : poolIds[v]) {
        df[id]++;
      }
    }
    int[][] holders = new int[vocabulary.length][];
    for (int t = 0; t < holders.length; t++) {
      holders[t] = new int[df[t]];
    }
    int[] fill = new int[vocabulary.length];
    for (int v = 0; v < pool.size(); v++) {
      for (int id : poolIds[v]) {
        holders[id][fill[id]++] = v;
      }
    }
    return new VectorStream() {
      @Override
      public long size() {
        return p.documents();
      }

      @Override
      public void forEach(VectorSink sink) throws IOException {
        SplittableRandom random = new SplittableRandom(p.seed());
        float[] weights = new float[vocabulary.length];
        int[] touched = new int[vocabulary.length];
        long[] order = new long[vocabulary.length];
        for (int i = 0; i < p.documents(); i++) {
          int seed = random.nextInt(pool.size());
          int[] ids = poolIds[seed];
          float[] w = pool.weights(seed);
          int n = 0;
          for (int t = 0; t < ids.length; t++) {
            boolean keep = random.nextDouble() < KEEP || t == heaviest[seed];
            double noise = Math.exp(p.weightNoise() * random.nextGaussian());
            if (keep) {
              weights[ids[t]] = positive(w[t] * noise);
              touched[n++] = ids[t];
            }
          }
          int wanted = (int) Math.round(p.expansion() * ids.length);
          int added = 0;
          for (int attempt = 0; added < wanted && attempt < ATTEMPTS * wanted; attempt++) {
            int anchor = ids[draw(cumulative[seed], random)];
            int[] withAnchor = holders[anchor];
            int neighbour = withAnchor[random.nextInt(withAnchor.length)];
            int t = draw(cumulative[neighbour], random);
            int token = poolIds[neighbour][t];
            float weight =
                positive(
                    pool.weights(neighbour)[t]
                        * EXPANSION_WEIGHT
                        * Math.exp(p.weightNoise() * random.nextGaussian()));
            if (weights[token] == 0f) {
              touched[n++] = token;
              weights[token] = weight;
              added++;
            } else {
              weights[token] = Math.max(weights[token], weight);
            }
          }
          MergedPoolGenerator.emitHeaviest(
              "c" + i, weights, touched, n, p.maxTerms(), vocabulary, order, sink);
        }
      }
    };
  }

  /** A position drawn in proportion to the increments of {@code cumulative}. */
  private static int draw(float[] cumulative, SplittableRandom random) {
    float r = (float) (random.nextDouble() * cumulative[cumulative.length - 1]);
    int i = Arrays.binarySearch(cumulative, r);
    i = i >= 0 ? i + 1 : -i - 1; // the first position whose cumulative weight exceeds r
    return Math.min(i, cumulative.length - 1);
  }

  /** A weight the index accepts: positive, finite and not subnormal. */
  private static float positive(double w) {
    return (float) Math.min(1e6, Math.max(Float.MIN_NORMAL * 2.0, w));
  }
}
