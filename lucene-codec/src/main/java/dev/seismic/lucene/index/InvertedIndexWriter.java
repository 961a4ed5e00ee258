package dev.seismic.lucene.index;

import dev.seismic.lucene.document.BuildParams;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.packed.DirectMonotonicWriter;

/**
 * Writes one field's Seismic inverted index: per term, the pruned posting list split into blocks
 * (to the postings file) and one quantized summary per block (to the summaries file).
 */
public final class InvertedIndexWriter {

  static final int OFFSETS_BLOCK_SHIFT = 16;

  private final InMemoryForwardIndex vectors;
  private final ShallowKMeans kmeans;
  private final QuantizedSummary summary;
  private final long seed;
  private final int docBytes;

  // Scratch for one list.
  private int[] docs = new int[64];
  private int[] entryComponents = new int[64];
  private byte[] entryCodes = new byte[64];
  private int[] summaryEnds = new int[8];
  private float[] mins = new float[8];
  private float[] steps = new float[8];

  /** Statistics of what was written, for reports and tests. */
  public long numBlocks;

  public long numPostings;

  public long numSummaryEntries;

  public InvertedIndexWriter(InMemoryForwardIndex vectors, BuildParams params, long seed) {
    this.vectors = vectors;
    this.kmeans =
        new ShallowKMeans(
            vectors, params.docCut(), params.centroidFraction(), params.minClusterSize());
    this.summary = new QuantizedSummary(vectors, params.summaryEnergy());
    this.seed = seed;
    this.docBytes = DocIds.bytesPerDoc(vectors.maxDoc);
  }

  /**
   * Writes every term's list. {@code lists[listStarts[t] .. listStarts[t + 1])} holds term {@code
   * t}'s pruned documents in any order.
   */
  public void write(
      int[] listStarts, int[] lists, IndexOutput meta, IndexOutput postings, IndexOutput summaries)
      throws IOException {
    int numTerms = vectors.numTerms;
    long[] postingOffsets = new long[numTerms + 1];
    long[] summaryOffsets = new long[numTerms + 1];
    long postingsStart = postings.getFilePointer();
    long summariesStart = summaries.getFilePointer();
    int componentBytes = ForwardIndex.componentBytes(numTerms);
    for (int t = 0; t < numTerms; t++) {
      postingOffsets[t] = postings.getFilePointer() - postingsStart;
      summaryOffsets[t] = summaries.getFilePointer() - summariesStart;
      int n = listStarts[t + 1] - listStarts[t];
      docs = ArrayUtil.growNoCopy(docs, n);
      System.arraycopy(lists, listStarts[t], docs, 0, n);
      int[] blockEnds = kmeans.cluster(docs, n, new SplittableRandom(seed ^ mix(t)));
      writePostingList(postings, n, blockEnds);
      writeSummaries(summaries, blockEnds, componentBytes);
    }
    postingOffsets[numTerms] = postings.getFilePointer() - postingsStart;
    summaryOffsets[numTerms] = summaries.getFilePointer() - summariesStart;
    writeOffsets(meta, postings, postingsStart, postingOffsets);
    writeOffsets(meta, summaries, summariesStart, summaryOffsets);
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

  private void writePostingList(IndexOutput out, int n, int[] blockEnds) throws IOException {
    out.writeVInt(n);
    out.writeVInt(blockEnds.length);
    for (int end : blockEnds) {
      out.writeVInt(end);
    }
    DocIds.write(out, docs, n, docBytes);
    numPostings += n;
    numBlocks += blockEnds.length;
  }

  private void writeSummaries(IndexOutput out, int[] blockEnds, int componentBytes)
      throws IOException {
    int numBlocks = blockEnds.length;
    mins = ArrayUtil.grow(mins, numBlocks);
    steps = ArrayUtil.grow(steps, numBlocks);
    summaryEnds = ArrayUtil.growNoCopy(summaryEnds, numBlocks);
    int numEntries = 0;
    int from = 0;
    for (int b = 0; b < numBlocks; b++) {
      summary.build(docs, from, blockEnds[b]);
      from = blockEnds[b];
      mins[b] = summary.min;
      steps[b] = summary.step;
      int size = summary.size;
      entryComponents = ArrayUtil.grow(entryComponents, numEntries + size);
      entryCodes = ArrayUtil.grow(entryCodes, numEntries + size);
      System.arraycopy(summary.components, 0, entryComponents, numEntries, size);
      System.arraycopy(summary.codes, 0, entryCodes, numEntries, size);
      numEntries += size;
      summaryEnds[b] = numEntries;
    }
    out.writeVInt(numBlocks);
    for (int b = 0; b < numBlocks; b++) {
      out.writeInt(Float.floatToIntBits(mins[b]));
    }
    for (int b = 0; b < numBlocks; b++) {
      out.writeInt(Float.floatToIntBits(steps[b]));
    }
    for (int b = 0; b < numBlocks; b++) {
      out.writeInt(summaryEnds[b]);
    }
    for (int i = 0; i < numEntries; i++) {
      if (componentBytes == 2) {
        out.writeShort((short) entryComponents[i]);
      } else {
        out.writeInt(entryComponents[i]);
      }
    }
    out.writeBytes(entryCodes, 0, numEntries);
    numSummaryEntries += numEntries;
  }

  private static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
    x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
    return x ^ (x >>> 31);
  }
}
