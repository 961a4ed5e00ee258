/**
 * Seismic's structures for one field of one segment, as the files hold them and searches read them:
 * the {@link dev.seismic.lucene.index.TermDictionary term dictionary} (with its writer), the {@link
 * dev.seismic.lucene.index.ForwardIndex forward index}, the {@link
 * dev.seismic.lucene.index.InvertedIndex inverted index} with its {@link
 * dev.seismic.lucene.index.InvertedIndex.PostingList posting lists} and their block summaries
 * ({@link dev.seismic.lucene.index.SummaryLayout layouts}, {@link
 * dev.seismic.lucene.index.SummaryScorer scoring}), the optional {@link
 * dev.seismic.lucene.index.KnnGraph κ-NN graph}, and {@link dev.seismic.lucene.index.FieldIndex},
 * which opens them all from the field's entry in the meta file ({@link
 * dev.seismic.lucene.index.FieldMetadata}: where each lies, the build parameters, the {@link
 * dev.seismic.lucene.index.FieldStats statistics}). The readers work off heap, on memory-mapped
 * files. File formats: see {@link dev.seismic.lucene.codecs}.
 *
 * <p>This package depends on {@link dev.seismic.lucene.document} (build parameters, the weights'
 * encoding) and on nothing else of Seismic's. What makes the structures is {@link
 * dev.seismic.lucene.builder}, what verifies them is {@link dev.seismic.lucene.check}, what
 * searches them is {@link dev.seismic.lucene.search}: each depends on this package, which knows
 * none of them. {@link dev.seismic.lucene.index.BlockQueue} and {@link
 * dev.seismic.lucene.index.TopK} live here because both the search and the graph's build use them.
 * Members that are public only for the build or the validator are tagged {@code lucene.internal}.
 */
package dev.seismic.lucene.index;
