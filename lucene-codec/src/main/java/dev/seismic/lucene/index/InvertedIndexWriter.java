package dev.seismic.lucene.index;

import dev.seismic.lucene.document.BuildParams;
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

  static final int OFFSETS_BLOCK_SHIFT = 16;

  /**
   * Lists are built in chunks of consecutive terms holding about this many postings; chunks run in
   * parallel when an executor is given and are written in term order, so the files do not depend
   * on the parallelism.
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
    private final QuantizedSummary summary =
        new QuantizedSummary(vectors, params.summaryEnergy(), heaviest);
    private final int componentBytes = ForwardIndex.componentBytes(vectors.numTerms);
    private int[] docs = new int[64];
    private long[] entryKeys = new long[64]; // by-block layout: (component << 8) | code
    private long[] bitmap = new long[0];
    // A list's summary entries, in building (block) order; block b's are [entryStarts[b],
    // entryStarts[b + 1]).
    private int[] entryStarts = new int[8];
    private int[] entryComponents = new int[64];
    private int[] entryBlocks = new int[64];
    private byte[] entryCodes = new byte[64];
    private byte[] entryBytes = new byte[64];
    private final int[] componentCounts = new int[vectors.numTerms]; // zero between lists
    private int[] distinctComponents = new int[64]; // the list's components, first seen first
    private int[] order = new int[64]; // entry indexes grouped by component
    private float[] mins = new float[8];
    private float[] steps = new float[8];

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
        chunk.clusterNanos += clustered - start;
        writePostingList(chunk, n, blockEnds);
        writeSummaries(chunk, blockEnds);
        chunk.writeNanos += System.nanoTime() - clustered;
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

    private void writeSummaries(Chunk chunk, int[] blockEnds) throws IOException {
      DataOutput out = chunk.summaries;
      int numBlocks = blockEnds.length;
      mins = ArrayUtil.grow(mins, numBlocks);
      steps = ArrayUtil.grow(steps, numBlocks);
      entryStarts = ArrayUtil.growNoCopy(entryStarts, numBlocks + 1);
      int numEntries = 0;
      int numComponents = 0;
      int from = 0;
      long start = System.nanoTime();
      for (int b = 0; b < numBlocks; b++) {
        summary.build(docs, from, blockEnds[b]);
        from = blockEnds[b];
        mins[b] = summary.min;
        steps[b] = summary.step;
        entryStarts[b] = numEntries;
        int size = summary.size;
        entryBlocks = ArrayUtil.grow(entryBlocks, numEntries + size);
        entryCodes = ArrayUtil.grow(entryCodes, numEntries + size);
        entryComponents = ArrayUtil.grow(entryComponents, numEntries + size);
        for (int i = 0; i < size; i++) {
          int e = numEntries + i;
          int c = summary.components[i];
          entryComponents[e] = c;
          entryBlocks[e] = b;
          entryCodes[e] = summary.codes[i];
          if (componentCounts[c]++ == 0) {
            distinctComponents = ArrayUtil.grow(distinctComponents, numComponents + 1);
            distinctComponents[numComponents++] = c;
          }
        }
        numEntries += size;
      }
      entryStarts[numBlocks] = numEntries;
      long summarized = System.nanoTime() - start;
      chunk.summarizeNanos += summarized;
      chunk.writeNanos -= summarized; // counted in the caller's write time
      SummaryLayout layout =
          new SummaryLayout(componentBytes, vectors.numTerms, numBlocks, numComponents, numEntries);
      byte kind = layout.choose();
      out.writeVInt(numBlocks);
      out.writeByte(kind);
      out.writeVInt(numComponents);
      out.writeVInt(numEntries);
      for (int b = 0; b < numBlocks; b++) {
        out.writeInt(Float.floatToIntBits(mins[b]));
      }
      for (int b = 0; b < numBlocks; b++) {
        out.writeInt(Float.floatToIntBits(steps[b]));
      }
      if (kind == SummaryLayout.BY_BLOCK) {
        writeByBlock(out, layout, numBlocks, numEntries);
      } else {
        writeByComponent(out, layout, kind, numComponents, numEntries);
      }
      for (int k = 0; k < numComponents; k++) {
        componentCounts[distinctComponents[k]] = 0;
      }
      chunk.numSummaryEntries += numEntries;
    }

    /** Each block's summary as it is, components ascending: ends, components, codes. */
    private void writeByBlock(DataOutput out, SummaryLayout layout, int numBlocks, int numEntries)
        throws IOException {
      for (int b = 0; b < numBlocks; b++) {
        SummaryLayout.write(out, entryStarts[b + 1], layout.endBytes);
      }
      // Summaries are built in no particular component order: sort each block's entries.
      entryKeys = ArrayUtil.growNoCopy(entryKeys, numEntries);
      for (int e = 0; e < numEntries; e++) {
        entryKeys[e] = ((long) entryComponents[e] << 8) | (entryCodes[e] & 0xFF);
      }
      for (int b = 0; b < numBlocks; b++) {
        java.util.Arrays.sort(entryKeys, entryStarts[b], entryStarts[b + 1]);
      }
      for (int e = 0; e < numEntries; e++) {
        SummaryLayout.write(out, (int) (entryKeys[e] >>> 8), layout.componentBytes);
      }
      for (int e = 0; e < numEntries; e++) {
        entryCodes[e] = (byte) entryKeys[e];
      }
      out.writeBytes(entryCodes, 0, numEntries);
    }

    /**
     * The summaries transposed: per component (ascending), the blocks whose summary holds it
     * (ascending) with their codes. A counting sort by component, stable in the entries' block
     * order, over the list's distinct components: a comparison sort of all entries was most of
     * the time spent writing.
     */
    private void writeByComponent(
        DataOutput out, SummaryLayout layout, byte kind, int numComponents, int numEntries)
        throws IOException {
      java.util.Arrays.sort(distinctComponents, 0, numComponents);
      // componentCounts[c] becomes the position of c's first entry, then, after the scatter, the
      // end of its entries.
      int position = 0;
      for (int k = 0; k < numComponents; k++) {
        int c = distinctComponents[k];
        int count = componentCounts[c];
        componentCounts[c] = position;
        position += count;
      }
      order = ArrayUtil.growNoCopy(order, numEntries);
      for (int e = 0; e < numEntries; e++) {
        order[componentCounts[entryComponents[e]]++] = e;
      }
      if (kind == SummaryLayout.BY_COMPONENT_BITMAP) {
        writeComponentBitmap(out, layout, numComponents);
      } else {
        for (int k = 0; k < numComponents; k++) {
          SummaryLayout.write(out, distinctComponents[k], layout.componentBytes);
        }
      }
      for (int k = 0; k < numComponents; k++) {
        SummaryLayout.write(out, componentCounts[distinctComponents[k]], layout.endBytes);
      }
      // Block ids and codes go through a byte array: hundreds of millions of entries written one
      // call each were a noticeable share of a flush.
      int blockBytes = layout.blockBytes;
      byte[] buffer = entryBytes = ArrayUtil.growNoCopy(entryBytes, numEntries * blockBytes);
      for (int i = 0, at = 0; i < numEntries; i++) {
        int block = entryBlocks[order[i]];
        for (int j = 0; j < blockBytes; j++, block >>>= 8) {
          buffer[at++] = (byte) block; // little-endian, as DataOutput writes shorts and ints
        }
      }
      out.writeBytes(buffer, 0, numEntries * blockBytes);
      for (int i = 0; i < numEntries; i++) {
        buffer[i] = entryCodes[order[i]];
      }
      out.writeBytes(buffer, 0, numEntries);
    }

    /**
     * The list's components (sorted in {@code distinctComponents}) as a bitmap over the
     * vocabulary, then per 64-bit word the number of components in the words before it.
     */
    private void writeComponentBitmap(DataOutput out, SummaryLayout layout, int numComponents)
        throws IOException {
      bitmap = ArrayUtil.growNoCopy(bitmap, layout.bitmapWords);
      java.util.Arrays.fill(bitmap, 0, layout.bitmapWords, 0L);
      for (int k = 0; k < numComponents; k++) {
        int c = distinctComponents[k];
        bitmap[c >>> 6] |= 1L << c;
      }
      for (int w = 0; w < layout.bitmapWords; w++) {
        out.writeLong(bitmap[w]);
      }
      int rank = 0;
      for (int w = 0; w < layout.bitmapWords; w++) {
        SummaryLayout.write(out, rank, layout.rankBytes);
        rank += Long.bitCount(bitmap[w]);
      }
    }
  }

  private static void writeOffsets(IndexOutput meta, IndexOutput data, long start, long[] offsets)
      throws IOException {
    meta.writeLong(start);
    meta.writeLong(offsets[offsets.length - 1]); // length of the lists region
    long tableStart = data.getFilePointer();
    meta.writeLong(tableStart);
    DirectMonotonicWriter writer =
        DirectMonotonicWriter.getInstance(meta, data, offsets.length, OFFSETS_BLOCK_SHIFT);
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
