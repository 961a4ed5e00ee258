/**
 * The build: {@link dev.seismic.lucene.builder.SeismicFieldBuilder} makes one field's Seismic
 * structures for a segment from the field's complete postings, at flush and at merge. It numbers
 * the terms (writing the term dictionary), writes the documents' vectors to temporary files with
 * {@link dev.seismic.lucene.builder.ForwardIndexWriter} and reads them back from there (at merge
 * streamed from the source segments' forward indexes, {@code MergedForwardIndex}; at flush
 * transposed from the postings a bucket of documents at a time, {@code TransposedForwardIndex}),
 * copies them into the forward-index file, writes each document's heaviest components the same way
 * ({@code TopComponents}), and hands the postings to {@link
 * dev.seismic.lucene.builder.InvertedIndexWriter}. That keeps each term's λ heaviest postings
 * ({@code ListPruner}), splits each list into blocks ({@code ShallowKMeans}, comparing documents on
 * their heaviest components), summarises every block ({@code QuantizedSummary}) and writes the
 * list's summaries in the layout the format picks ({@code ListSummaries}), a chunk of lists at a
 * time, chunks in parallel when an executor is given. With {@code nknn} &gt; 0 the inverted index
 * is first written to temporary files ({@code StagedInvertedIndex}) so that {@code KnnGraphWriter}
 * can search it with every document for the segment's κ-NN graph, then copied into the segment's
 * files. {@link dev.seismic.lucene.builder.BuildTimes} records where the time went.
 *
 * <p>Each writer returns where its structure lies, and the builder returns the field's entry of the
 * meta file whole ({@link dev.seismic.lucene.index.FieldMetadata}), which the codec's fields writer
 * writes: the metadata is written in one place, as it is read.
 *
 * <p>Depends on {@link dev.seismic.lucene.index} for the formats it writes (the term dictionary's
 * writer, component and document-id widths, summary layouts, the offset tables' block size, the
 * field's metadata record) and on {@link dev.seismic.lucene.document} for the build parameters and
 * the weights' encoding. The read side does not depend on it; the codec's fields writer calls it,
 * and the validator ({@link dev.seismic.lucene.check}) borrows one of its rules.
 */
package dev.seismic.lucene.builder;
