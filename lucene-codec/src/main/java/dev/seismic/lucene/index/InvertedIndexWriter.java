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
 * (to the postings file) and one quantized summary per block, transposed so that one pass over a
 * query scores every summary of a list (to the summaries file).
 */
public final class InvertedIndexWriter {

  static final int OFFSETS_BLOCK_SHIFT = 16;

  private final InMemoryForwardIndex vectors;
  private final ShallowKMeans kmeans;
  private final QuantizedSummary summary;
  private final long seed;

  // Scratch for one list.
  private int[] docs = new int[64];
  private long[] entryKeys = new long[64]; // (component << 32) | entry index
  private int[] entryBlocks = new int[64];
  private byte[] entryCodes = new byte[64];
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
    for (int i = 0; i < n; i++) {
      out.writeInt(docs[i]);
    }
    numPostings += n;
    numBlocks += blockEnds.length;
  }

  private void writeSummaries(IndexOutput out, int[] blockEnds, int componentBytes)
      throws IOException {
    int numBlocks = blockEnds.length;
    mins = ArrayUtil.grow(mins, numBlocks);
    steps = ArrayUtil.grow(steps, numBlocks);
    int numEntries = 0;
    int from = 0;
    for (int b = 0; b < numBlocks; b++) {
      summary.build(docs, from, blockEnds[b]);
      from = blockEnds[b];
      mins[b] = summary.min;
      steps[b] = summary.step;
      int size = summary.size;
      entryKeys = ArrayUtil.grow(entryKeys, numEntries + size);
      entryBlocks = ArrayUtil.grow(entryBlocks, numEntries + size);
      entryCodes = ArrayUtil.grow(entryCodes, numEntries + size);
      for (int i = 0; i < size; i++) {
        int e = numEntries + i;
        entryKeys[e] = ((long) summary.components[i] << 32) | e;
        entryBlocks[e] = b;
        entryCodes[e] = summary.codes[i];
      }
      numEntries += size;
    }
    // Transpose: group entries by component; blocks ascend within a component because entries
    // were appended block by block and the sort key breaks ties on the entry index.
    Arrays.sort(entryKeys, 0, numEntries);
    int numComponents = 0;
    int previous = -1;
    for (int i = 0; i < numEntries; i++) {
      int c = (int) (entryKeys[i] >>> 32);
      if (c != previous) {
        numComponents++;
        previous = c;
      }
    }
    out.writeVInt(numBlocks);
    out.writeVInt(numComponents);
    out.writeVInt(numEntries);
    for (int b = 0; b < numBlocks; b++) {
      out.writeInt(Float.floatToIntBits(mins[b]));
    }
    for (int b = 0; b < numBlocks; b++) {
      out.writeInt(Float.floatToIntBits(steps[b]));
    }
    previous = -1;
    for (int i = 0; i < numEntries; i++) {
      int c = (int) (entryKeys[i] >>> 32);
      if (c != previous) {
        if (componentBytes == 2) {
          out.writeShort((short) c);
        } else {
          out.writeInt(c);
        }
        previous = c;
      }
    }
    previous = -1;
    for (int i = 0; i < numEntries; i++) {
      int c = (int) (entryKeys[i] >>> 32);
      if (previous != -1 && c != previous) {
        out.writeInt(i); // end of the previous component's entries
      }
      previous = c;
    }
    if (numEntries > 0) {
      out.writeInt(numEntries);
    }
    int blockBytes = blockIdBytes(numBlocks);
    for (int i = 0; i < numEntries; i++) {
      int b = entryBlocks[(int) entryKeys[i]];
      if (blockBytes == 2) {
        out.writeShort((short) b);
      } else {
        out.writeInt(b);
      }
    }
    for (int i = 0; i < numEntries; i++) {
      out.writeByte(entryCodes[(int) entryKeys[i]]);
    }
    numSummaryEntries += numEntries;
  }

  /** Bytes per block id in a list's summaries. */
  static int blockIdBytes(int numBlocks) {
    return numBlocks <= 1 << 16 ? 2 : 4;
  }

  private static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
    x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
    return x ^ (x >>> 31);
  }
}
