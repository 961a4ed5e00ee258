/**
 * Seismic's data structures, each with its writer and off-heap reader: {@link
 * dev.seismic.lucene.index.TermDictionary}, {@link dev.seismic.lucene.index.ForwardIndex}, {@link
 * dev.seismic.lucene.index.InvertedIndex} with its {@link
 * dev.seismic.lucene.index.InvertedIndex.PostingList}s, the block clustering (shallow k-means) and
 * {@link dev.seismic.lucene.index.QuantizedSummary quantized summaries}. {@link
 * dev.seismic.lucene.index.SeismicFieldBuilder} builds them for one field of a segment; {@link
 * dev.seismic.lucene.index.FieldIndex} reads them back. File formats: see {@link
 * dev.seismic.lucene.codecs}.
 */
package dev.seismic.lucene.index;
