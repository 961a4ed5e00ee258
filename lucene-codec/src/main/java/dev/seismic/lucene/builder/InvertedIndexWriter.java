package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.DocIds;
import dev.seismic.lucene.index.FieldMetadata;
import dev.seismic.lucene.index.FieldMetadata.ListTable;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.InvertedIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersIndexOutput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
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

  private final ForwardIndex forward;
  private final ForwardIndex top;
  private final int numTerms;
  private final BuildParams params;
  private final long seed;
  private final int docBytes;
  private final ConcurrentLinkedQueue<ListBuilder> idleBuilders = new ConcurrentLinkedQueue<>();

  /** Statistics of what was written, for reports and tests. */
  public long numBlocks;

  public long numPostings;

  public long numSummaryEntries;

  /**
   * @param forward the segment's forward index, which clustering and summaries read
   * @param top the documents' top components, for clustering ({@link TopComponents})
   * @param numTerms the field's vocabulary in the segment (terms with postings)
   */
  InvertedIndexWriter(
      ForwardIndex forward, ForwardIndex top, int numTerms, BuildParams params, long seed) {
    this.forward = forward;
    this.top = top;
    this.numTerms = numTerms;
    this.params = params;
    this.seed = seed;
    this.docBytes = DocIds.bytesPerDoc(forward.maxDoc());
  }

  /**
   * Writes every term's list: the λ heaviest postings of each term of {@code terms} that has
   * postings, in term order (the order that numbered the terms).
   *
   * <p>The postings are read and pruned on the calling thread, a chunk of lists at a time; the
   * chunks of a wave are clustered and summarised by {@code executor} (at merge, Lucene's
   * intra-merge executor) and written in term order. The heap holds one wave of pruned lists.
   *
   * @return where the lists lie, for the field's metadata, from which {@link InvertedIndex#open}
   *     opens them
   */
  public FieldMetadata.InvertedMeta write(
      Terms terms,
      int lambda,
      IndexOutput postings,
      IndexOutput summaries,
      TaskExecutor executor,
      BuildTimes times)
      throws IOException {
    long[] postingOffsets = new long[numTerms + 1];
    long[] summaryOffsets = new long[numTerms + 1];
    long postingsStart = postings.getFilePointer();
    long summariesStart = summaries.getFilePointer();
    TermsEnum termsEnum = terms == null ? null : terms.iterator();
    PostingsEnum postingsEnum = null;
    ListPruner pruner = new ListPruner();
    List<Callable<Chunk>> wave = new ArrayList<>();
    int term = 0;
    while (term < numTerms) {
      long reading = System.nanoTime();
      ChunkLists lists = new ChunkLists(term);
      while (term < numTerms && (term == lists.from || lists.docs.size < CHUNK_POSTINGS)) {
        BytesRef bytes = termsEnum.next();
        if (bytes == null) {
          throw new IllegalStateException("fewer terms with postings than " + numTerms);
        }
        postingsEnum = termsEnum.postings(postingsEnum, PostingsEnum.FREQS);
        pruner.reset();
        for (int doc = postingsEnum.nextDoc();
            doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = postingsEnum.nextDoc()) {
          pruner.add(doc, Math.min(postingsEnum.freq(), SeismicVectorField.MAX_ENCODED));
        }
        if (pruner.size() == 0) {
          continue; // no ordinal (see SeismicFieldBuilder)
        }
        pruner.keepHeaviest(lambda, lists.docs);
        lists.ends.add(lists.docs.size);
        term++;
      }
      times.pruneNanos += System.nanoTime() - reading;
      wave.add(() -> buildChunk(lists));
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
    return new FieldMetadata.InvertedMeta(
        writeOffsets(postings, postingsStart, postingOffsets),
        writeOffsets(summaries, summariesStart, summaryOffsets));
  }

  /** The pruned lists of consecutive terms, from {@code from}: list i ends at {@code ends[i]}. */
  private static final class ChunkLists {
    final int from;
    final ListPruner.Docs docs = new ListPruner.Docs();
    final ListPruner.Docs ends = new ListPruner.Docs();

    ChunkLists(int from) {
      this.from = from;
    }
  }

  private Chunk buildChunk(ChunkLists lists) throws IOException {
    ListBuilder builder = idleBuilders.poll();
    if (builder == null) {
      builder = new ListBuilder();
    }
    try {
      return builder.build(lists);
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
    private final ShallowKMeans kmeans;
    private final ListSummaries summaries;
    private int[] docs = new int[64];

    ListBuilder() throws IOException {
      kmeans =
          new ShallowKMeans(
              forward.cursor(),
              top.cursor(),
              numTerms,
              params.centroidFraction(),
              params.minClusterSize());
      summaries =
          new ListSummaries(
              new QuantizedSummary(forward.cursor(), numTerms, params.summaryEnergy()), numTerms);
    }

    Chunk build(ChunkLists lists) throws IOException {
      int from = lists.from;
      int to = from + lists.ends.size;
      Chunk chunk = new Chunk(from, to);
      int start = 0;
      for (int t = from; t < to; t++) {
        chunk.postingOffsets[t - from] = chunk.postings.size();
        chunk.summaryOffsets[t - from] = chunk.summaries.size();
        int end = lists.ends.values[t - from];
        int n = end - start;
        docs = ArrayUtil.growNoCopy(docs, n);
        System.arraycopy(lists.docs.values, start, docs, 0, n);
        start = end;
        long begin = System.nanoTime();
        int[] blockEnds = kmeans.cluster(docs, n, new SplittableRandom(seed ^ mix(t)));
        long clustered = System.nanoTime();
        summaries.build(docs, blockEnds);
        long summarized = System.nanoTime();
        writePostingList(chunk, n, blockEnds);
        chunk.numSummaryEntries += summaries.write(chunk.summaries);
        chunk.clusterNanos += clustered - begin;
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

  /**
   * Writes the table of where each list starts, after the lists; returns where the lists and the
   * table lie, with the table's metadata, which Lucene's writer hands to a buffer of its own here.
   */
  private ListTable writeOffsets(IndexOutput data, long start, long[] offsets) throws IOException {
    long tableStart = data.getFilePointer();
    ByteBuffersDataOutput tableMeta = new ByteBuffersDataOutput();
    try (IndexOutput metaOut =
        new ByteBuffersIndexOutput(tableMeta, "list offsets' metadata", "list offsets' metadata")) {
      DirectMonotonicWriter writer =
          DirectMonotonicWriter.getInstance(
              metaOut, data, offsets.length, InvertedIndex.OFFSETS_BLOCK_SHIFT);
      for (long offset : offsets) {
        writer.add(offset);
      }
      writer.finish();
    }
    if (tableMeta.size() != ListTable.tableMetaBytes(numTerms)) {
      throw new IllegalStateException(
          "DirectMonotonicWriter wrote "
              + tableMeta.size()
              + " bytes of metadata for "
              + offsets.length
              + " offsets, the format expects "
              + ListTable.tableMetaBytes(numTerms));
    }
    return new ListTable(
        start,
        offsets[offsets.length - 1], // the length of the lists
        tableStart,
        new BytesRef(tableMeta.toArrayCopy()),
        data.getFilePointer() - tableStart);
  }

  private static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
    x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
    return x ^ (x >>> 31);
  }
}
