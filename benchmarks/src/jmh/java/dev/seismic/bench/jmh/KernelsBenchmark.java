package dev.seismic.bench.jmh;

import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.InvertedIndex;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot kernels of a Seismic search, each over the same realistic inputs per invocation:
 *
 * <ul>
 *   <li>{@link #scoreSummaries}: load each (query, term) list and score all its block summaries;
 *   <li>{@link #forwardDot}: {@code ForwardIndex.Cursor.dot} of each candidate document (mapped
 *       file, as searches run it);
 *   <li>{@link #heapDotScalar} / {@link #heapDotVector}: the same dot products from heap arrays of
 *       decoded components and values, scalar and with a Vector API gather, to measure what a
 *       vectorised kernel could gain independently of file access.
 * </ul>
 *
 * Scores are returned (summed) so the JIT cannot drop the work. Times are per invocation, i.e. per
 * all pairs or all candidates; divide by the counts the set-up prints.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KernelsBenchmark {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private KernelData data;
  private InvertedIndex.PostingList list;
  private ForwardIndex.Cursor cursor;
  private float[] blockScores;
  private KernelData.HeapForward heap;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    data = new KernelData();
    list = data.index.inverted().postingList();
    cursor = data.index.forward().cursor();
    int maxBlocks = 0;
    for (int ord : data.pairOrd) {
      list.load(ord);
      maxBlocks = Math.max(maxBlocks, list.numBlocks());
    }
    blockScores = new float[Math.max(1, maxBlocks)];
    heap = data.heapForward();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    data.close();
  }

  @Benchmark
  public float scoreSummaries() throws IOException {
    float sum = 0;
    for (int p = 0; p < data.pairOrd.length; p++) {
      int q = data.pairQuery[p];
      list.load(data.pairOrd[p]);
      list.summaries()
          .score(
              data.queryOrds[q],
              data.queryWeights[q],
              data.queryOrds[q].length,
              data.dense[q],
              blockScores);
      sum += blockScores[0];
    }
    return sum;
  }

  @Benchmark
  public float forwardDot() throws IOException {
    float sum = 0;
    for (int i = 0; i < data.candidateDocs.length; i++) {
      sum += cursor.dot(data.candidateDocs[i], data.dense[data.candidateQuery[i]]);
    }
    return sum;
  }

  @Benchmark
  public float heapDotScalar() {
    float sum = 0;
    int[] off = heap.offsets();
    int[] comps = heap.components();
    float[] vals = heap.values();
    for (int i = 0; i < data.candidateDocs.length; i++) {
      float[] q = data.dense[data.candidateQuery[i]];
      float s = 0;
      for (int j = off[i]; j < off[i + 1]; j++) {
        s += q[comps[j]] * vals[j];
      }
      sum += s;
    }
    return sum;
  }

  @Benchmark
  public float heapDotVector() {
    float sum = 0;
    int[] off = heap.offsets();
    int[] comps = heap.components();
    float[] vals = heap.values();
    int lanes = SPECIES.length();
    for (int i = 0; i < data.candidateDocs.length; i++) {
      float[] q = data.dense[data.candidateQuery[i]];
      int j = off[i];
      int end = off[i + 1];
      FloatVector acc = FloatVector.zero(SPECIES);
      for (; j + lanes <= end; j += lanes) {
        FloatVector qv = FloatVector.fromArray(SPECIES, q, 0, comps, j); // gather
        acc = qv.fma(FloatVector.fromArray(SPECIES, vals, j), acc);
      }
      float s = acc.reduceLanes(VectorOperators.ADD);
      for (; j < end; j++) {
        s += q[comps[j]] * vals[j];
      }
      sum += s;
    }
    return sum;
  }
}
