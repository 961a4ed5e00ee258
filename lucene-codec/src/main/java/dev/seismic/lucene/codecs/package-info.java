/**
 * The Seismic postings format: learned-sparse vectors indexed for fast approximate top-k by inner
 * product, after Bruch, Nardini, Rulli and Venturini, <em>Efficient Inverted Indexes for
 * Approximate Retrieval over Learned Sparse Representations</em> (SIGIR 2024).
 *
 * <h2>Introduction</h2>
 *
 * <p>A Seismic field holds one sparse vector per document: tokens with positive weights, indexed as
 * terms whose frequency is the weight in {@code FeatureField}'s encoding (see {@link
 * dev.seismic.lucene.document.SeismicVectorField}). {@link
 * dev.seismic.lucene.codecs.SeismicPostingsFormat} hands the terms and full postings to a delegate
 * format, so exact queries keep working, and adds per field and segment:
 *
 * <ul>
 *   <li>a <b>term dictionary</b> from term bytes to the segment's own term ordinals (Lucene's terms
 *       dictionary does not expose ordinals, and any vocabulary size must work);
 *   <li>a <b>forward index</b>: each document's components (ordinals) and values, from which
 *       candidates are scored exactly;
 *   <li>an <b>inverted index</b>: per term, the λ heaviest postings ({@code n_postings}), split by
 *       shallow k-means into blocks ({@code centroid_fraction}), each block with a summary vector
 *       (the component-wise maximum of its documents pruned to {@code summary_energy} of its L1
 *       mass; a document longer than 256 components contributes its 256 heaviest) quantized to one
 *       byte per component;
 *   <li>optionally ({@code nknn} &gt; 0), a <b>κ-NN graph</b>: each document's κ nearest neighbours
 *       in the segment, found by searching the segment's own index with the document, whose
 *       neighbours a query may score after the blocks (Bruch, Nardini, Rulli and Venturini, CIKM
 *       2024).
 * </ul>
 *
 * <p>All are built when a segment is flushed, and rebuilt from the complete merged postings when
 * segments merge, so an entry pruned in a small segment can come back in a larger one. Queries read
 * them through memory-mapped {@link org.apache.lucene.store.IndexInput}s; the heap holds only
 * per-field metadata (a few hundred bytes per 65,536 documents or terms).
 *
 * <h2>File formats</h2>
 *
 * <table>
 *   <caption>Files of the Seismic format (per segment and format suffix)</caption>
 *   <tr><th>Name</th><th>Extension</th><th>Description</th></tr>
 *   <tr><td><a href="#Meta">Meta</a></td><td>.smt</td>
 *       <td>build parameters, statistics, small tables, data file lengths</td></tr>
 *   <tr><td><a href="#Terms">Terms</a></td><td>.str</td>
 *       <td>hash table from term bytes to term ordinal</td></tr>
 *   <tr><td><a href="#Forward">Forward index</a></td><td>.sfi</td>
 *       <td>each document's components and values</td></tr>
 *   <tr><td><a href="#Postings">Postings</a></td><td>.spl</td>
 *       <td>pruned posting lists, in blocks</td></tr>
 *   <tr><td><a href="#Summaries">Summaries</a></td><td>.ssm</td>
 *       <td>quantized block summaries, each list's in one of three layouts</td></tr>
 *   <tr><td><a href="#Graph">κ-NN graph</a></td><td>.skg</td>
 *       <td>each document's nearest neighbours (header and footer only when no field has a
 *       graph)</td></tr>
 * </table>
 *
 * <p>The delegate's own files (for the default delegate, the Lucene release's current postings
 * format, see {@link dev.seismic.lucene.codecs.SeismicPostingsFormat#SeismicPostingsFormat()}:
 * {@code .tmd .tip .tim .doc .pos .pay .psm}) sit beside them with the same segment suffix.
 * Integers are little-endian; VInt and VLong are Lucene's variable-length encodings.
 *
 * <h3 id="Meta">Meta (.smt)</h3>
 *
 * <pre>
 * Meta       --&gt; Header, DelegateName, &lt;Field&gt;<sup>NumFields</sup>, -1 (VInt),
 *                DataLength<sup>5</sup>, Footer
 * Field      --&gt; FieldNumber, Params, TermsMeta, ForwardMeta, InvertedMeta, [GraphMeta], Stats
 *                (GraphMeta only when NKnn &gt; 0)
 * Params     --&gt; NPostings, MinPostings, CentroidFraction, SummaryEnergy, MinClusterSize, DocCut,
 *                NKnn
 * TermsMeta  --&gt; NumTerms, [TermBytesStart, TermBytesLength, SlotBits]   (the bracket only when
 *                NumTerms &gt; 0)
 * ForwardMeta --&gt; ComponentBytes, EntriesStart, EntriesLength, OffsetsStart, OffsetsLength
 * InvertedMeta --&gt; ListTable (postings), ListTable (summaries)
 * GraphMeta  --&gt; GraphStart, GraphLength
 * ListTable  --&gt; ListsStart, ListsLength, TableStart, DirectMonotonicMeta, TableLength
 * Stats      --&gt; NumTerms, DocsWithVector, NumEntries, PostingsPerList, NumPostings, NumBlocks,
 *                NumSummaryEntries
 * Header     --&gt; {@link org.apache.lucene.codecs.CodecUtil#writeIndexHeader IndexHeader}
 * Footer     --&gt; {@link org.apache.lucene.codecs.CodecUtil#writeFooter CodecFooter}
 * DelegateName --&gt; String
 * FieldNumber, NPostings, MinPostings, MinClusterSize, DocCut, NKnn, NumTerms, DocsWithVector,
 *   PostingsPerList --&gt; VInt
 * NumEntries, NumPostings, NumBlocks, NumSummaryEntries, TermBytesStart, TermBytesLength --&gt; VLong
 * CentroidFraction, SummaryEnergy --&gt; Int32 (float bits)
 * ComponentBytes, SlotBits --&gt; Byte
 * EntriesStart, EntriesLength, OffsetsStart, OffsetsLength, ListsStart, ListsLength, TableStart,
 *   TableLength, GraphStart, GraphLength, DataLength --&gt; Int64
 * </pre>
 *
 * <p>Notes:
 *
 * <ul>
 *   <li>DelegateName is the SPI name of the format that holds the terms and full postings; reading
 *       looks it up with {@link org.apache.lucene.codecs.PostingsFormat#forName}.
 *   <li>Every field routed to this format that indexes frequencies has an entry; fields indexing
 *       documents only have none. A Field entry is written and read in one place, {@link
 *       dev.seismic.lucene.index.FieldMetadata}.
 *   <li>PostingsPerList is λ for this segment: {@code max(MinPostings, ⌈NPostings · maxDoc /
 *       1,000,000⌉)} up to a million documents, {@code max(MinPostings, ⌈NPostings · √(maxDoc /
 *       1,000,000)⌉)} beyond ({@code BuildParams.postingsPerList}).
 *   <li>DataLength gives the length of .str, .sfi, .spl, .ssm and .skg in that order, footer
 *       included. Opening a segment compares them with the files, which catches truncation; {@code
 *       checkIntegrity()} verifies the checksum of every byte.
 *   <li>ComponentBytes is 2 when the field has at most 65,536 terms in the segment, else 4.
 *   <li>The DirectMonotonicMeta of a list table covers NumTerms + 1 byte offsets, in blocks of
 *       2<sup>16</sup> values.
 * </ul>
 *
 * <h3 id="Terms">Terms (.str)</h3>
 *
 * <pre>
 * Terms      --&gt; Header, &lt;TermBytes, TermOffsets, Padding, Slots&gt;<sup>NumFields</sup>, Footer
 * TermBytes  --&gt; &lt;Byte<sup>length</sup>&gt;<sup>NumTerms</sup>           (each term's bytes, in term order)
 * TermOffsets --&gt; Int64<sup>NumTerms + 1</sup>           (where each term starts in TermBytes; then TermBytesLength)
 * Padding    --&gt; Byte<sup>0..15</sup>                (zeros, up to a multiple of 16 of the file offset)
 * Slots      --&gt; &lt;Key, TermWord&gt;<sup>2<sup>SlotBits</sup></sup>
 * Key        --&gt; Int64                      (Hash &lt;&lt; 32 | (ordinal + 1), or 0 for an empty slot)
 * TermWord   --&gt; Int64                      (the term, when it has at most 7 bytes; see below)
 * </pre>
 *
 * <p>Ordinals number the terms that have at least one posting, in term order, from 0. A term is
 * looked up by open addressing: its Hash (MurmurHash3 x86 32 of its bytes, seed {@code 0x5E1531C0})
 * picks slot {@code Hash & (2^SlotBits - 1)}, and slots are probed one after the next until an
 * empty one; a slot whose hash matches is confirmed by its TermWord or, for a longer term, by
 * comparing the term's bytes. A term of n &le; 7 bytes b<sub>0</sub>..b<sub>n-1</sub> has the
 * TermWord {@code n << 56 | Σ b_i << 8i}, so a short term is found and confirmed within its slot's
 * 16 bytes (one cache line, slots being aligned to 16 bytes); a longer term has {@code 0xFF << 56}.
 * An empty slot is all zeros. At most half the slots are full. TermOffsets, Padding and Slots
 * follow TermBytes directly, so their positions follow from TermBytesStart and TermBytesLength.
 *
 * <h3 id="Forward">Forward index (.sfi)</h3>
 *
 * <pre>
 * Forward     --&gt; Header, &lt;Entries, Offsets&gt;<sup>NumFields</sup>, Footer
 * Entries     --&gt; &lt;DocEntries&gt;<sup>maxDoc</sup>
 * DocEntries  --&gt; &lt;Word&gt;<sup>n</sup>                          (ComponentBytes = 2)
 *               | &lt;Component&gt;<sup>n</sup>, &lt;Value&gt;<sup>n</sup>        (ComponentBytes = 4)
 * Word        --&gt; Int32: Value &lt;&lt; 16 | Component
 * Component   --&gt; Int32
 * Value       --&gt; UInt16
 * Offsets     --&gt; &lt;Offset&gt;<sup>maxDoc + 1</sup>
 * Offset      --&gt; Int64
 * </pre>
 *
 * <p>Document d's entries are those from Offset d to Offset d + 1 (a document without the field has
 * none), components ascending. Offsets are a plain table rather than monotonic-packed: every scored
 * document reads two of them, and decoding would sit on the hottest path. They are 64 bits, so a
 * segment may hold more than 2<sup>31</sup> entries. A Value is the term frequency: the weight's
 * float bits shifted right by 15, capped at that of {@code Float.MAX_VALUE}; the weight is {@code
 * Float.intBitsToFloat(value << 15)}. Example: a document with components 3 and 17, weights 0.5
 * (value 0x7E00 = 32256) and 2.0 (value 0x8000) is the words {@code 0x7E000003, 0x80000011}.
 *
 * <h3 id="Postings">Postings (.spl)</h3>
 *
 * <pre>
 * Postings    --&gt; Header, &lt;Lists, ListOffsets&gt;<sup>NumFields</sup>, Footer
 * Lists       --&gt; &lt;PostingList&gt;<sup>NumTerms</sup>
 * PostingList --&gt; NumPostings, NumBlocks, &lt;BlockEnd&gt;<sup>NumBlocks</sup>,
 *                 &lt;Doc&gt;<sup>NumPostings</sup>
 * NumPostings, NumBlocks, BlockEnd --&gt; VInt
 * Doc         --&gt; UInt16 (maxDoc &lt;= 65,536), UInt24 (maxDoc &lt;= 2<sup>24</sup>) or Int32
 * ListOffsets --&gt; DirectMonotonic data: NumTerms + 1 offsets of the lists, from ListsStart
 * </pre>
 *
 * <p>A list holds the term's λ heaviest postings (ties keep the smaller document ids). BlockEnd is
 * the exclusive end of each block in the list's documents; documents ascend within a block. A fixed
 * width per segment (the fewest whole bytes that hold its largest id) lets a search jump straight
 * to any block it decides to visit.
 *
 * <h3 id="Summaries">Summaries (.ssm)</h3>
 *
 * <pre>
 * Summaries     --&gt; Header, &lt;SummaryLists, ListOffsets&gt;<sup>NumFields</sup>, Footer
 * SummaryLists  --&gt; &lt;ListSummaries&gt;<sup>NumTerms</sup>
 * ListSummaries --&gt; NumBlocks, Layout, NumComponents, NumEntries, &lt;Min&gt;<sup>NumBlocks</sup>,
 *                   &lt;Step&gt;<sup>NumBlocks</sup>, ByComponent | ByComponentBitmap | ByBlock
 * ByComponent   --&gt; &lt;Component&gt;<sup>NumComponents</sup>, Entries
 * ByComponentBitmap --&gt; &lt;Word&gt;<sup>NumWords</sup>, &lt;Rank&gt;<sup>NumWords</sup>, Entries
 * Entries       --&gt; &lt;EntryEnd&gt;<sup>NumComponents</sup>, &lt;BlockId&gt;<sup>NumEntries</sup>,
 *                   &lt;Code&gt;<sup>NumEntries</sup>
 * ByBlock       --&gt; &lt;SummaryEnd&gt;<sup>NumBlocks</sup>, &lt;Component&gt;<sup>NumEntries</sup>,
 *                   &lt;Code&gt;<sup>NumEntries</sup>
 * NumBlocks, NumComponents, NumEntries --&gt; VInt
 * Layout        --&gt; Byte: 0 by block, 1 by component, 2 by component with a bitmap
 * Word          --&gt; Int64: bit c % 64 of word c / 64 is set when component c is in the list's
 *                   summaries; NumWords = ⌈NumTerms / 64⌉
 * Rank          --&gt; UInt8, UInt16 or Int32 (the fewest bytes that hold NumComponents): the set
 *                   bits in the words before this one
 * Min, Step     --&gt; Int32 (float bits)
 * Component     --&gt; UInt16 or Int32 (ComponentBytes)
 * EntryEnd, SummaryEnd --&gt; UInt8, UInt16 or Int32: the fewest bytes that hold NumEntries
 * BlockId       --&gt; UInt8, UInt16 or Int32: the fewest bytes that hold NumBlocks − 1
 * Code          --&gt; Byte
 * </pre>
 *
 * <p>Each block's summary is a set of components with one-byte codes; a code stands for {@code
 * Min[b] + Step[b] · code}, where Min and Step are block b's smallest kept value and (largest −
 * smallest) / 255. NumComponents counts the distinct components of the list's summaries.
 *
 * <p>ByComponent (transposed) lists, for each distinct component in ascending order, the entries
 * from EntryEnd of the previous component (0 for the first) to its own EntryEnd: the blocks whose
 * summary holds it (ascending) with their codes. A query binary-searches its own components and
 * reads only their entries, accumulating {@code queryWeight · (Min + Step · code)} per block, so
 * scoring a long list costs about what a short one does.
 *
 * <p>ByComponentBitmap is ByComponent with the component list replaced by a bitmap over the
 * vocabulary: component c's position among the list's components is Rank[c / 64] plus the set bits
 * below it in its word, found without a search. The bitmap costs about 1.1 bits per term of the
 * vocabulary whatever the list holds, the component list 16 or 32 bits per distinct component; a
 * transposed list takes the smaller of the two. Long lists of a large segment hold thousands of
 * distinct components, where the bitmap is the smaller.
 *
 * <p>ByBlock stores the summaries one after another: block b's entries run from SummaryEnd[b − 1]
 * (0 for the first) to SummaryEnd[b], components ascending; a query scores them in one pass with
 * its dense weights: {@code Min · Σ q + Step · Σ q · code}. A list uses it when it is the smallest
 * layout and holds at most 2,048 entries: in learned-sparse data most components of a short list's
 * summaries occur in one or two of its blocks, so the transposed layout's per-component overhead
 * would cost more than it saves, and one pass over so few entries is as fast as the searches.
 *
 * <h3 id="Graph">κ-NN graph (.skg)</h3>
 *
 * <pre>
 * Graph      --&gt; Header, &lt;Rows&gt;<sup>NumFields with NKnn &gt; 0</sup>, Footer
 * Rows       --&gt; &lt;Row&gt;<sup>maxDoc</sup>
 * Row        --&gt; &lt;Doc&gt;<sup>NKnn</sup>
 * Doc        --&gt; UInt16, UInt24 or Int32, as in the postings (the fewest bytes for maxDoc)
 * </pre>
 *
 * <p>Row d holds document d's neighbours, best (largest inner product with d) first, as a Seismic
 * search of the segment with d as the query found them ({@code query_cut} 10, {@code heap_factor}
 * 0.7: the reference implementation's settings); d itself never is among them. A row with fewer
 * than NKnn neighbours (a document without a vector, or one sharing no token with enough others) is
 * filled up with d's own id, so the first occurrence of d ends the row's neighbours. Rows have a
 * fixed length, so row d starts at {@code d · NKnn · width} without an offset table. GraphLength is
 * {@code maxDoc · NKnn · width}. A merge rebuilds the graph over the merged segment; deleted
 * documents of a flushed segment may remain in its rows, and a search skips them.
 *
 * <h2>Limitations</h2>
 *
 * <ul>
 *   <li>The build's heap does not grow with a segment's (document, token) entries: the forward
 *       index is written to temporary files and read back from there (at merge streamed from the
 *       sources' forward indexes, at flush transposed from the postings a bucket of documents at a
 *       time, through temporary files when there are several buckets), and lists are built one
 *       chunk at a time (see {@code SeismicFieldBuilder}). It holds a few bytes per term, 4 bytes
 *       per document at flush (or in a merge of an index sorted with {@code
 *       IndexWriterConfig.setIndexSort}, which transposes as a flush does), and the field's longest
 *       posting list while it is pruned.
 *   <li>Weights keep {@code FeatureField}'s precision, about 9 significant bits.
 * </ul>
 *
 * <h2>History</h2>
 *
 * <ul>
 *   <li>{@code Seismic10}, version 0: the first format; term dictionaries were FSTs.
 *   <li>{@code Seismic10}, version 1: term dictionaries are hash tables (a query resolves all its
 *       tokens in every segment, and an off-heap FST lookup decodes an arc per byte). Version 0 is
 *       no longer read.
 *   <li>{@code Seismic10}, version 2: the forward index's offsets are Int64 (they were Int32, which
 *       capped a segment at 2<sup>31</sup> − 1 entries), and λ grows with the square root of a
 *       segment's size beyond a million documents (it grew linearly). Version 1 is no longer read.
 *   <li>{@code Seismic10}, version 3: term dictionary slots are 16 bytes, aligned, and hold terms
 *       of up to seven bytes (a search looks every query token up in every segment, and waited on
 *       three dependent reads for each). Version 2 is no longer read.
 *   <li>{@code Seismic10}, version 4: the κ-NN graph file (.skg), NKnn in Params and GraphMeta.
 *       Version 3 is no longer read.
 * </ul>
 */
package dev.seismic.lucene.codecs;
