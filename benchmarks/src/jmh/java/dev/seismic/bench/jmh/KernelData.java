package dev.seismic.bench.jmh;

import dev.seismic.bench.data.Dataset;
import dev.seismic.bench.data.GeneratedData;
import dev.seismic.bench.data.MergedPoolGenerator;
import dev.seismic.bench.data.RealPool;
import dev.seismic.bench.data.SharedData;
import dev.seismic.bench.data.VectorSet;
import dev.seismic.bench.lucene.IndexBuilder;
import dev.seismic.lucene.codecs.SeismicTerms;
import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.InvertedIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * A small Seismic index and the inputs the kernels see in a real search: dense queries by term
 * ordinal, the posting lists of each query's heaviest terms, and the documents of their blocks.
 */
final class KernelData implements AutoCloseable {

  static final int DOCS = 20_000;
  static final int QUERIES = 64;
  static final int QUERY_CUT = 10;

  final Path dir;
  final FSDirectory fs;
  final DirectoryReader reader;
  final FieldIndex index;

  /** Per query, its weights by term ordinal. */
  final float[][] dense;

  /** Per query, the ordinals it holds, ascending, as a search passes them to summary scoring. */
  final int[][] queryOrds;

  /** Per query, the weights of {@link #queryOrds}. */
  final float[][] queryWeights;

  /** (query, term ordinal) pairs: each query's {@link #QUERY_CUT} heaviest terms. */
  final int[] pairQuery;

  final int[] pairOrd;

  /** Documents a search would score, with the query that scores them. */
  final int[] candidateDocs;

  final int[] candidateQuery;

  KernelData() throws IOException {
    Dataset ds = load();
    System.err.println("[jmh] data: " + ds.label() + ", " + ds.documents().size() + " documents");
    dir = Files.createTempDirectory("seismic-jmh");
    fs = FSDirectory.open(dir);
    new IndexBuilder(Codec.getDefault(), BuildParams.DEFAULTS, 1024)
        .build(fs, ds.documents(), i -> {});
    reader = DirectoryReader.open(fs);
    index = SeismicTerms.get(reader.leaves().get(0).reader(), IndexBuilder.VECTOR_FIELD);
    VectorSet qs = ds.queries();
    int numTerms = index.terms().size();
    dense = new float[qs.size()][numTerms];
    List<int[]> pairs = new ArrayList<>();
    for (int q = 0; q < qs.size(); q++) {
      String[] tokens = qs.tokens(q);
      float[] weights = qs.weights(q);
      Integer[] order = new Integer[tokens.length];
      for (int i = 0; i < tokens.length; i++) {
        order[i] = i;
        int ord = index.terms().ordinal(new BytesRef(tokens[i]));
        if (ord >= 0) {
          dense[q][ord] = weights[i];
        }
      }
      Arrays.sort(order, (a, b) -> Float.compare(weights[b], weights[a]));
      int taken = 0;
      for (int i = 0; i < order.length && taken < QUERY_CUT; i++) {
        int ord = index.terms().ordinal(new BytesRef(tokens[order[i]]));
        if (ord >= 0) {
          pairs.add(new int[] {q, ord});
          taken++;
        }
      }
    }
    queryOrds = new int[qs.size()][];
    queryWeights = new float[qs.size()][];
    for (int q = 0; q < qs.size(); q++) {
      int n = 0;
      for (float w : dense[q]) {
        n += w != 0 ? 1 : 0;
      }
      queryOrds[q] = new int[n];
      queryWeights[q] = new float[n];
      for (int ord = 0, i = 0; ord < numTerms; ord++) {
        if (dense[q][ord] != 0) {
          queryOrds[q][i] = ord;
          queryWeights[q][i++] = dense[q][ord];
        }
      }
    }
    pairQuery = pairs.stream().mapToInt(p -> p[0]).toArray();
    pairOrd = pairs.stream().mapToInt(p -> p[1]).toArray();
    // Candidates: the first block of every pair's list, as a search would visit them.
    InvertedIndex.PostingList list = index.inverted().postingList();
    List<int[]> candidates = new ArrayList<>();
    int[] docs = new int[1024];
    for (int p = 0; p < pairOrd.length; p++) {
      list.load(pairOrd[p]);
      for (int b = 0; b < Math.min(2, list.numBlocks()); b++) {
        docs = org.apache.lucene.util.ArrayUtil.grow(docs, list.blockSize(b));
        int n = list.readBlock(b, docs);
        for (int j = 0; j < n; j++) {
          candidates.add(new int[] {docs[j], pairQuery[p]});
        }
      }
    }
    candidateDocs = candidates.stream().mapToInt(c -> c[0]).toArray();
    candidateQuery = candidates.stream().mapToInt(c -> c[1]).toArray();
    System.err.printf(
        "[jmh] %d terms, %d (query, list) pairs, %d candidate documents%n",
        numTerms, pairOrd.length, candidateDocs.length);
  }

  /** Per candidate, its components and decoded values as heap arrays, for the heap variants. */
  HeapForward heapForward() throws IOException {
    ForwardIndex.Cursor c = index.forward().cursor();
    int[] offsets = new int[candidateDocs.length + 1];
    for (int i = 0; i < candidateDocs.length; i++) {
      offsets[i + 1] = offsets[i] + c.length(candidateDocs[i]);
    }
    int[] comps = new int[offsets[candidateDocs.length]];
    float[] values = new float[comps.length];
    for (int i = 0; i < candidateDocs.length; i++) {
      c.load(candidateDocs[i]);
      for (int j = 0; j < c.length(); j++) {
        comps[offsets[i] + j] = c.component(j);
        values[offsets[i] + j] = Float.intBitsToFloat(c.value(j) << 15); // FeatureField decoding
      }
    }
    return new HeapForward(offsets, comps, values);
  }

  record HeapForward(int[] offsets, int[] components, float[] values) {}

  private static Dataset load() throws IOException {
    Optional<Path> shared = SharedData.locate();
    if (shared.isEmpty()) {
      return GeneratedData.generate(42, DOCS, QUERIES);
    }
    Dataset pool = RealPool.load(shared.get(), QUERIES, 2);
    VectorSet docs =
        MergedPoolGenerator.generate(
            pool.documents(), new MergedPoolGenerator.Params(DOCS, 42, 2, 4, 130));
    return new Dataset("jmh", MergedPoolGenerator.LABEL, "", docs, pool.queries());
  }

  @Override
  public void close() throws IOException {
    reader.close();
    fs.close();
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }
}
