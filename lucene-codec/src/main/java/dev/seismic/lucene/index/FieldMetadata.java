package dev.seismic.lucene.index;

import dev.seismic.lucene.document.BuildParams;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersIndexInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.packed.DirectMonotonicReader;

/**
 * One field's entry in a segment's meta file, the Field of the Meta grammar in {@code
 * dev.seismic.lucene.codecs}: where the field's structures lie in the data files, the parameters
 * they were built with, and what the build counted. The build returns it, the fields writer writes
 * it with {@link #write}, the fields reader reads it back with {@link #read} and opens the field
 * from it ({@link FieldIndex#open}). Both follow the grammar's order, production by production, so
 * that writing and reading each part sit side by side here.
 *
 * <p>Reading checks what the entry alone can tell (widths, table sizes, that its parts agree on the
 * field's vocabulary); what needs the data files is checked when the structures are opened.
 *
 * @param fieldNumber the field's number in the segment's field infos
 * @param params the parameters the structures were built with
 * @param terms where the term dictionary lies
 * @param forward where the forward index lies
 * @param inverted where the inverted index lies
 * @param graph where the κ-NN graph lies; null when {@code params.nknn()} is 0
 * @param stats what the build produced
 */
public record FieldMetadata(
    int fieldNumber,
    BuildParams params,
    TermsMeta terms,
    ForwardMeta forward,
    InvertedMeta inverted,
    GraphMeta graph,
    FieldStats stats) {

  public FieldMetadata {
    if ((graph != null) != (params.nknn() > 0)) {
      throw new IllegalArgumentException(
          "a graph's metadata must be given exactly when nknn > 0, got nknn="
              + params.nknn()
              + " and "
              + graph);
    }
  }

  /** In place of a field number, ends the meta file's fields. */
  private static final int END_OF_FIELDS = -1;

  /**
   * Field: FieldNumber, Params, TermsMeta, ForwardMeta, InvertedMeta, [GraphMeta when NKnn &gt; 0],
   * Stats.
   */
  public void write(DataOutput out) throws IOException {
    out.writeVInt(fieldNumber);
    writeParams(params, out);
    terms.write(out);
    forward.write(out);
    inverted.write(out);
    if (graph != null) {
      graph.write(out);
    }
    writeStats(stats, out);
  }

  /** Ends the meta file's fields, after the last one written by {@link #write}. */
  public static void writeEndOfFields(DataOutput out) throws IOException {
    out.writeVInt(END_OF_FIELDS);
  }

  /**
   * Reads the next field's entry, or returns null at the end of the fields.
   *
   * @param fieldInfos the segment's fields, which the field number must name
   * @param maxDoc the segment's documents, which size the forward index's offset table
   */
  public static FieldMetadata read(DataInput in, FieldInfos fieldInfos, int maxDoc)
      throws IOException {
    int number;
    try {
      number = in.readVInt();
    } catch (EOFException e) {
      throw new CorruptIndexException("the meta file ends before the end of its fields", in, e);
    }
    if (number == END_OF_FIELDS) {
      return null;
    }
    FieldInfo info = number < 0 ? null : fieldInfos.fieldInfo(number);
    if (info == null) {
      throw new CorruptIndexException("unknown field number " + number, in);
    }
    String field = "field \"" + info.name + "\"";
    try {
      BuildParams params = readParams(in, field);
      TermsMeta terms = TermsMeta.read(in, field);
      ForwardMeta forward = ForwardMeta.read(in, field, terms.size(), maxDoc);
      InvertedMeta inverted = InvertedMeta.read(in, terms.size());
      GraphMeta graph = params.nknn() > 0 ? GraphMeta.read(in, field, maxDoc, params.nknn()) : null;
      FieldStats stats = readStats(in);
      if (stats.numTerms() != terms.size()) {
        throw new CorruptIndexException(
            field
                + ": the statistics record "
                + stats.numTerms()
                + " terms, the term dictionary "
                + terms.size(),
            in);
      }
      return new FieldMetadata(number, params, terms, forward, inverted, graph, stats);
    } catch (EOFException e) {
      throw new CorruptIndexException(field + ": the meta file ends within its entry", in, e);
    }
  }

  /**
   * Params: NPostings, MinPostings, CentroidFraction, SummaryEnergy, MinClusterSize, DocCut, NKnn.
   */
  private static void writeParams(BuildParams params, DataOutput out) throws IOException {
    out.writeVInt(params.nPostings());
    out.writeVInt(params.minPostings());
    out.writeInt(Float.floatToIntBits(params.centroidFraction()));
    out.writeInt(Float.floatToIntBits(params.summaryEnergy()));
    out.writeVInt(params.minClusterSize());
    out.writeVInt(params.docCut());
    out.writeVInt(params.nknn());
  }

  private static BuildParams readParams(DataInput in, String field) throws IOException {
    int nPostings = in.readVInt();
    int minPostings = in.readVInt();
    float centroidFraction = Float.intBitsToFloat(in.readInt());
    float summaryEnergy = Float.intBitsToFloat(in.readInt());
    int minClusterSize = in.readVInt();
    int docCut = in.readVInt();
    int nknn = in.readVInt();
    try {
      return new BuildParams(
          nPostings, minPostings, centroidFraction, summaryEnergy, minClusterSize, docCut, nknn);
    } catch (IllegalArgumentException e) {
      throw new CorruptIndexException(field + ": " + e.getMessage(), in, e);
    }
  }

  /**
   * Where a field's term dictionary lies in the terms file (TermsMeta): its terms' bytes, after
   * which come their offsets and the hash table of {@code 2^slotBits} slots.
   *
   * @param size the number of terms (the others are 0 when it is)
   * @param bytesStart where the terms' bytes start
   * @param bytesLength the length of the terms' bytes
   * @param slotBits the base-2 logarithm of the hash table's slots
   */
  public record TermsMeta(int size, long bytesStart, long bytesLength, int slotBits) {

    /** The dictionary of no term. */
    public static final TermsMeta EMPTY = new TermsMeta(0, 0, 0, 0);

    /** TermsMeta: NumTerms, [TermBytesStart, TermBytesLength, SlotBits] when NumTerms &gt; 0. */
    void write(DataOutput out) throws IOException {
      out.writeVInt(size);
      if (size == 0) {
        return;
      }
      out.writeVLong(bytesStart);
      out.writeVLong(bytesLength);
      out.writeByte((byte) slotBits);
    }

    static TermsMeta read(DataInput in, String field) throws IOException {
      int size = in.readVInt();
      if (size < 0) {
        throw new CorruptIndexException(field + ": " + size + " terms", in);
      }
      if (size == 0) {
        return EMPTY;
      }
      long bytesStart = in.readVLong();
      long bytesLength = in.readVLong();
      int slotBits = in.readByte();
      if (slotBits < 1 || slotBits > TermDictionary.MAX_SLOT_BITS || (1L << slotBits) < 2L * size) {
        throw new CorruptIndexException(
            field + ": term dictionary of " + slotBits + " slot bits for " + size + " terms", in);
      }
      return new TermsMeta(size, bytesStart, bytesLength, slotBits);
    }
  }

  /**
   * Where a field's forward index lies in the forward-index file (ForwardMeta).
   *
   * @param componentBytes the width of a component, 2 or 4 ({@link ForwardIndex#componentBytes})
   * @param entriesStart where the documents' entries start
   * @param entriesLength the length of the entries
   * @param offsetsStart where the table of the documents' offsets starts
   * @param offsetsLength the length of that table, 8 bytes per document and one more
   */
  public record ForwardMeta(
      int componentBytes,
      long entriesStart,
      long entriesLength,
      long offsetsStart,
      long offsetsLength) {

    /** ForwardMeta: ComponentBytes, EntriesStart, EntriesLength, OffsetsStart, OffsetsLength. */
    void write(DataOutput out) throws IOException {
      out.writeByte((byte) componentBytes);
      out.writeLong(entriesStart);
      out.writeLong(entriesLength);
      out.writeLong(offsetsStart);
      out.writeLong(offsetsLength);
    }

    static ForwardMeta read(DataInput in, String field, int numTerms, int maxDoc)
        throws IOException {
      int componentBytes = in.readByte();
      if (componentBytes != ForwardIndex.componentBytes(numTerms)) {
        throw new CorruptIndexException(
            field
                + ": forward index of "
                + componentBytes
                + "-byte components for "
                + numTerms
                + " terms",
            in);
      }
      long entriesStart = in.readLong();
      long entriesLength = in.readLong();
      long offsetsStart = in.readLong();
      long offsetsLength = in.readLong();
      if (offsetsLength != 8L * (maxDoc + 1L)) {
        throw new CorruptIndexException(
            field
                + ": forward-index offset table of "
                + offsetsLength
                + " bytes for "
                + maxDoc
                + " documents",
            in);
      }
      return new ForwardMeta(
          componentBytes, entriesStart, entriesLength, offsetsStart, offsetsLength);
    }
  }

  /**
   * Where a field's inverted index lies (InvertedMeta): its posting lists in the postings file, and
   * their block summaries in the summaries file.
   */
  public record InvertedMeta(ListTable postings, ListTable summaries) {

    /** The same lists, moved further into their files by these deltas. */
    public InvertedMeta movedBy(long postingsDelta, long summariesDelta) {
      return new InvertedMeta(postings.movedBy(postingsDelta), summaries.movedBy(summariesDelta));
    }

    /** InvertedMeta: ListTable (postings), ListTable (summaries). */
    void write(DataOutput out) throws IOException {
      postings.write(out);
      summaries.write(out);
    }

    static InvertedMeta read(DataInput in, int numTerms) throws IOException {
      ListTable postings = ListTable.read(in, numTerms);
      ListTable summaries = ListTable.read(in, numTerms);
      return new InvertedMeta(postings, summaries);
    }
  }

  /**
   * Where a field's κ-NN graph lies in the graph file (GraphMeta): {@code maxDoc × NKnn} document
   * ids of {@link DocIds#bytesPerDoc} bytes.
   *
   * @param start where the graph's rows start
   * @param length their length
   */
  public record GraphMeta(long start, long length) {

    /** GraphMeta: GraphStart, GraphLength. */
    void write(DataOutput out) throws IOException {
      out.writeLong(start);
      out.writeLong(length);
    }

    static GraphMeta read(DataInput in, String field, int maxDoc, int nknn) throws IOException {
      long start = in.readLong();
      long length = in.readLong();
      if (length != KnnGraph.length(maxDoc, nknn)) {
        throw new CorruptIndexException(
            field
                + ": κ-NN graph of "
                + length
                + " bytes for "
                + maxDoc
                + " documents of "
                + nknn
                + " neighbours",
            in);
      }
      return new GraphMeta(start, length);
    }
  }

  /**
   * Where one list per term lies in a file (ListTable): the lists, one after another, then a table
   * of where each starts, monotonic-packed by Lucene's {@link
   * org.apache.lucene.util.packed.DirectMonotonicWriter} in blocks of 2<sup>{@value
   * InvertedIndex#OFFSETS_BLOCK_SHIFT}</sup> offsets.
   *
   * @param listsStart where the lists start
   * @param listsLength the length of the lists
   * @param tableStart where the offset table starts
   * @param tableMeta the offset table's DirectMonotonicMeta, kept as the bytes Lucene's writer
   *     wrote them, since only Lucene's reader decodes them
   * @param tableLength the length of the offset table
   */
  public record ListTable(
      long listsStart, long listsLength, long tableStart, BytesRef tableMeta, long tableLength) {

    /**
     * The bytes of DirectMonotonicMeta per block of offsets: the block's minimum, average
     * increment, data offset and bits per value, as Lucene's writer writes and its reader reads
     * them.
     */
    static final int TABLE_META_BYTES_PER_BLOCK = Long.BYTES + Integer.BYTES + Long.BYTES + 1;

    /** The bytes of DirectMonotonicMeta of a table of offsets of {@code numTerms} lists. */
    public static int tableMetaBytes(int numTerms) {
      long offsets = numTerms + 1L;
      long blocks =
          (offsets + (1 << InvertedIndex.OFFSETS_BLOCK_SHIFT) - 1)
              >>> InvertedIndex.OFFSETS_BLOCK_SHIFT;
      return Math.toIntExact(blocks * TABLE_META_BYTES_PER_BLOCK);
    }

    /**
     * The same table, its lists and offsets moved {@code delta} bytes further into their file (the
     * offsets inside the table are relative to ListsStart and TableStart, so nothing else changes).
     */
    public ListTable movedBy(long delta) {
      return new ListTable(
          listsStart + delta, listsLength, tableStart + delta, tableMeta, tableLength);
    }

    /** ListTable: ListsStart, ListsLength, TableStart, DirectMonotonicMeta, TableLength. */
    void write(DataOutput out) throws IOException {
      out.writeLong(listsStart);
      out.writeLong(listsLength);
      out.writeLong(tableStart);
      out.writeBytes(tableMeta.bytes, tableMeta.offset, tableMeta.length);
      out.writeLong(tableLength);
    }

    static ListTable read(DataInput in, int numTerms) throws IOException {
      long listsStart = in.readLong();
      long listsLength = in.readLong();
      long tableStart = in.readLong();
      byte[] tableMeta = new byte[tableMetaBytes(numTerms)];
      in.readBytes(tableMeta, 0, tableMeta.length);
      long tableLength = in.readLong();
      return new ListTable(
          listsStart, listsLength, tableStart, new BytesRef(tableMeta), tableLength);
    }

    /** The offset table's metadata, decoded for a {@link DirectMonotonicReader}. */
    DirectMonotonicReader.Meta offsetsMeta(int numTerms) throws IOException {
      try (IndexInput in =
          new ByteBuffersIndexInput(
              new ByteBuffersDataInput(
                  List.of(ByteBuffer.wrap(tableMeta.bytes, tableMeta.offset, tableMeta.length))),
              "offset table metadata")) {
        DirectMonotonicReader.Meta meta =
            DirectMonotonicReader.loadMeta(in, numTerms + 1L, InvertedIndex.OFFSETS_BLOCK_SHIFT);
        if (in.getFilePointer() != in.length()) {
          throw new IllegalStateException(
              "DirectMonotonicMeta of "
                  + in.length()
                  + " bytes read as "
                  + in.getFilePointer()
                  + ": Lucene's layout changed");
        }
        return meta;
      }
    }
  }

  /**
   * Stats: NumTerms, DocsWithVector, NumEntries, PostingsPerList, NumPostings, NumBlocks,
   * NumSummaryEntries.
   */
  private static void writeStats(FieldStats stats, DataOutput out) throws IOException {
    out.writeVInt(stats.numTerms());
    out.writeVInt(stats.docsWithVector());
    out.writeVLong(stats.numEntries());
    out.writeVInt(stats.postingsPerList());
    out.writeVLong(stats.numPostings());
    out.writeVLong(stats.numBlocks());
    out.writeVLong(stats.numSummaryEntries());
  }

  private static FieldStats readStats(DataInput in) throws IOException {
    return new FieldStats(
        in.readVInt(),
        in.readVInt(),
        in.readVLong(),
        in.readVInt(),
        in.readVLong(),
        in.readVLong(),
        in.readVLong());
  }
}
