package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.index.DocIds;
import dev.seismic.lucene.index.InvertedIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.packed.DirectMonotonicWriter;

/**
 * Writes one field's Seismic inverted index: per term, the pruned posting list split into blocks
 * (to the postings file) and one quantized summary per block (to the summaries file).
 */
public final class InvertedIndexWriter {

  /**
   * Lists are built in chunks of consecutive terms holding about this many postings; chunks run in
   * parallel when an executor is given and are written in term order, so the files do not depend on
   * the parallelism.
   */
  static final int CHUNK_POSTINGS = 1 << 16;

  /** Chunks in flight at once; bounds the memory of buffered chunk output. */
  static final int CHUNKS_PER_WAVE = 8;

  private final InMemoryForwardIndex vectors;
  private final BuildParams params;
  private final long seed;
  private final int docBytes;
  private final ConcurrentLinkedQueue<ListBuilder> idleBuilders = new ConcurrentLinkedQueue<>();
  private TopComponents top;
  private int[][] heaviest; // QuantizedSummary.heaviestEntries, shared by the list builders

  /** Statistics of what was written, for reports and tests. */
  public long numBlocks;

  public long numPostings;

  public long numSummaryEntries;

  public InvertedIndexWriter(InMemoryForwardIndex vectors, BuildParams params, long seed) {
    this.vectors = vectors;
    this.params = params;
    this.seed = seed;
    this.docBytes = DocIds.bytesPerDoc(vectors.maxDoc);
  }

  /**
   * Writes every term's list. {@code lists[listStarts[t] .. listStarts[t + 1])} holds term {@code
   * t}'s pruned documents in any order.
   *
   * @param executor runs chunks of lists in parallel (at merge, Lucene's intra-merge executor)
   */
  public void write(
      int[] listStarts,
      int[] lists,
      IndexOutput meta,
      IndexOutput postings,
      IndexOutput summaries,
      TaskExecutor executor,
      BuildTimes times)
      throws IOException {
    int numTerms = vectors.numTerms;
    long start = System.nanoTime();
    top = new TopComponents(vectors, params.docCut());
    heaviest = QuantizedSummary.heaviestEntries(vectors);
    times.topNanos = System.nanoTime() - start;
    long[] postingOffsets = new long[numTerms + 1];
    long[] summaryOffsets = new long[numTerms + 1];
    long postingsStart = postings.getFilePointer();
    long summariesStart = summaries.getFilePointer();
    List<Callable<Chunk>> wave = new ArrayList<>();
    int term = 0;
    while (term < numTerms) {
      int from = term;
      int budget = 0;
      while (term < numTerms && (term == from || budget < CHUNK_POSTINGS)) {
        budget += listStarts[term + 1] - listStarts[term];
        term++;
      }
      int to = term;
      wave.add(() -> buildChunk(from, to, listStarts, lists));
      if (wave.size() == CHUNKS_PER_WAVE || term == numTerms) {
        for (Chunk chunk : executor.invokeAll(wave)) {
          chunk.appendTo(
              postings, postingsStart, postingOffsets, summaries, summariesStart, summaryOffsets);
          numPostings += chunk.numPostings;
          numBlocks += chunk.numBlocks;
          numSummaryEntries += chunk.numSummaryEntries;
          times.addListPhases(chunk.clusterNanos, chunk.summarizeNanos, chunk.writeNanos);
        }
        wave.clear();
      }
    }
    postingOffsets[numTerms] = postings.getFilePointer() - postingsStart;
    summaryOffsets[numTerms] = summaries.getFilePointer() - summariesStart;
    writeOffsets(meta, postings, postingsStart, postingOffsets);
    writeOffsets(meta, summaries, summariesStart, summaryOffsets);
  }

  private Chunk buildChunk(int from, int to, int[] listStarts, int[] lists) throws IOException {
    ListBuilder builder = idleBuilders.poll();
    if (builder == null) {
      builder = new ListBuilder();
    }
    try {
      return builder.build(from, to, listStarts, lists);
    } finally {
      idleBuilders.add(builder);
    }
  }

  /** The lists of terms [from, to), written to memory. */
  private static final class Chunk {
    final int from;
    final int to;
    final ByteBuffersDataOutput postings = new ByteBuffersDataOutput();
    final ByteBuffersDataOutput summaries = new ByteBuffersDataOutput();
    final long[] postingOffsets; // relative to the chunk, one per term
    final long[] summaryOffsets;
    long numPostings;
    long numBlocks;
    long numSummaryEntries;
    long clusterNanos;
    long summarizeNanos;
    long writeNanos; // includes the transposition of summaries

    Chunk(int from, int to) {
      this.from = from;
      this.to = to;
      this.postingOffsets = new long[to - from];
      this.summaryOffsets = new long[to - from];
    }

    void appendTo(
        IndexOutput postingsOut,
        long postingsStart,
        long[] allPostingOffsets,
        IndexOutput summariesOut,
        long summariesStart,
        long[] allSummaryOffsets)
        throws IOException {
      long postingsBase = postingsOut.getFilePointer() - postingsStart;
      long summariesBase = summariesOut.getFilePointer() - summariesStart;
      for (int t = from; t < to; t++) {
        allPostingOffsets[t] = postingsBase + postingOffsets[t - from];
        allSummaryOffsets[t] = summariesBase + summaryOffsets[t - from];
      }
      postings.copyTo(postingsOut);
      summaries.copyTo(summariesOut);
    }
  }

  /** One thread's clustering and summarising state, reused from chunk to chunk. */
  private final class ListBuilder {
    private final ShallowKMeans kmeans =
        new ShallowKMeans(vectors, top, params.centroidFraction(), params.minClusterSize());
    private final ListSummaries summaries =
        new ListSummaries(
            new QuantizedSummary(vectors, params.summaryEnergy(), heaviest), vectors.numTerms);
    private int[] docs = new int[64];

    Chunk build(int from, int to, int[] listStarts, int[] lists) throws IOException {
      Chunk chunk = new Chunk(from, to);
      for (int t = from; t < to; t++) {
        chunk.postingOffsets[t - from] = chunk.postings.size();
        chunk.summaryOffsets[t - from] = chunk.summaries.size();
        int n = listStarts[t + 1] - listStarts[t];
        docs = ArrayUtil.growNoCopy(docs, n);
        System.arraycopy(lists, listStarts[t], docs, 0, n);
        long start = System.nanoTime();
        int[] blockEnds = kmeans.cluster(docs, n, new SplittableRandom(seed ^ mix(t)));
        long clustered = System.nanoTime();
        summaries.build(docs, blockEnds);
        long summarized = System.nanoTime();
        writePostingList(chunk, n, blockEnds);
        chunk.numSummaryEntries += summaries.write(chunk.summaries);
        chunk.clusterNanos += clustered - start;
        chunk.summarizeNanos += summarized - clustered;
        chunk.writeNanos += System.nanoTime() - summarized;
      }
      return chunk;
    }

    private void writePostingList(Chunk chunk, int n, int[] blockEnds) throws IOException {
      DataOutput out = chunk.postings;
      out.writeVInt(n);
      out.writeVInt(blockEnds.length);
      for (int end : blockEnds) {
        out.writeVInt(end);
      }
      DocIds.write(out, docs, n, docBytes);
      chunk.numPostings += n;
      chunk.numBlocks += blockEnds.length;
    }
  }

  private static void writeOffsets(IndexOutput meta, IndexOutput data, long start, long[] offsets)
      throws IOException {
    meta.writeLong(start);
    meta.writeLong(offsets[offsets.length - 1]); // length of the lists region
    long tableStart = data.getFilePointer();
    meta.writeLong(tableStart);
    DirectMonotonicWriter writer =
        DirectMonotonicWriter.getInstance(
            meta, data, offsets.length, InvertedIndex.OFFSETS_BLOCK_SHIFT);
    for (long offset : offsets) {
      writer.add(offset);
    }
    writer.finish();
    meta.writeLong(data.getFilePointer() - tableStart);
  }

  private static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
    x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
    return x ^ (x >>> 31);
  }
}
