package dev.seismic.lucene.builder;

import dev.seismic.lucene.document.BuildParams;
import dev.seismic.lucene.index.FieldMetadata;
import dev.seismic.lucene.index.FieldStats;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.InvertedIndex;
import dev.seismic.lucene.index.TermDictionary;
import java.io.IOException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.util.BytesRef;

/**
 * Builds one field's Seismic structures for a segment from the field's complete postings (at flush,
 * the freshly inverted documents; at merge, the merged postings of the live documents, so no entry
 * that an earlier segment pruned is lost):
 *
 * <ol>
 *   <li>number the terms that have postings and write the {@link TermDictionary};
 *   <li>write the {@link ForwardIndex} (documents' vectors by term ordinal) to temporary files and
 *       read it back from there ({@link ForwardIndexWriter}): at merge streamed from the source
 *       segments' forward indexes ({@link MergedForwardIndex}), at flush transposed from the
 *       postings, a bucket of documents at a time ({@link TransposedForwardIndex}); then copy it
 *       into the segment's file;
 *   <li>write each document's top components for clustering to temporary files too ({@link
 *       TopComponents});
 *   <li>read the postings again, term by term, keep each term's λ heaviest ({@link
 *       BuildParams#postingsPerList}), cluster each pruned list into blocks and summarise the
 *       blocks ({@link InvertedIndexWriter});
 *   <li>with {@code nknn} &gt; 0, search the segment's new index with each of its documents for its
 *       κ-NN graph ({@link KnnGraphWriter}); the inverted index is then staged in temporary files
 *       ({@link StagedInvertedIndex}) so that it can be searched before it is copied.
 * </ol>
 *
 * <p>The heap this needs does not grow with the number of (document, token) entries: it holds a few
 * bytes per term, the longest posting list of the field while it is pruned, one wave of pruned
 * lists, and at flush 4 bytes per document and one bucket of the transposition; with a κ-NN graph,
 * also one wave of graph rows and, per worker, a vocabulary-long array and a bit per document.
 * Documents are read from the temporary forward index, which the operating system caches.
 */
public final class SeismicFieldBuilder {

  private SeismicFieldBuilder() {}

  /**
   * Builds the structures of {@code field} and writes them to the data files of {@code out};
   * returns the field's metadata, which says where they lie, for the meta file.
   *
   * @param field the field, which gives its number and build parameters ({@link
   *     BuildParams#fromFieldInfo}) and seeds the clustering
   * @param merge at merge, the source segments' structures, when all of them can be read (else
   *     null, and the forward index is transposed from the postings as at flush)
   * @param executor runs the clustering and summarising of lists, possibly in parallel
   * @param times receives the time of each phase
   */
  public static FieldMetadata build(
      FieldInfo field,
      Terms terms,
      int maxDoc,
      MergeSources merge,
      BuildOutputs out,
      TaskExecutor executor,
      BuildTimes times)
      throws IOException {
    BuildParams params = BuildParams.fromFieldInfo(field);
    long start = System.nanoTime();
    // Pass 1: number the terms that have postings; at flush, count each document's components.
    TermDictionary.Writer dictionary = new TermDictionary.Writer(out.terms());
    MergedForwardIndex merged = merge == null ? null : new MergedForwardIndex(merge);
    int[] counts = merged == null ? new int[maxDoc] : null;
    if (terms != null) {
      TermsEnum termsEnum = terms.iterator();
      PostingsEnum postings = null;
      for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
        postings = termsEnum.postings(postings, PostingsEnum.NONE);
        boolean any = false;
        for (int doc = postings.nextDoc();
            doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = postings.nextDoc()) {
          if (counts != null) {
            counts[doc]++;
          }
          any = true;
        }
        if (any) {
          int ord = dictionary.add(term);
          if (merged != null) {
            merged.addTerm(term, ord);
          }
        }
      }
    }
    int numTerms = dictionary.size();
    FieldMetadata.TermsMeta termsMeta = dictionary.finish();
    long counted = System.nanoTime();
    times.countNanos = counted - start;

    try (ForwardIndexWriter forwardWriter =
        new ForwardIndexWriter(
            out.directory(), out.segmentName(), out.context(), maxDoc, numTerms)) {
      if (merged != null) {
        merged.write(forwardWriter);
        times.vectorsFrom = "from " + merge.indexes().length + " source segments";
      } else {
        TransposedForwardIndex.write(
            terms, counts, out, forwardWriter, TransposedForwardIndex.BUCKET_ENTRIES);
        times.vectorsFrom = "transposed from the postings";
      }
      ForwardIndex forward = forwardWriter.finish();
      long written = System.nanoTime();
      times.vectorsNanos = written - counted;
      FieldMetadata.ForwardMeta forwardMeta = forwardWriter.copyTo(out.forward());
      long copied = System.nanoTime();
      times.copyNanos = copied - written;
      try (ForwardIndexWriter topWriter =
          new ForwardIndexWriter(
              out.directory(), out.segmentName(), out.context(), maxDoc, numTerms)) {
        TopComponents.write(forward, params.docCut(), topWriter);
        ForwardIndex top = topWriter.finish();
        times.topNanos = System.nanoTime() - copied;

        int lambda = params.postingsPerList(maxDoc);
        InvertedIndexWriter writer =
            new InvertedIndexWriter(forward, top, numTerms, params, seed(field));
        FieldMetadata.InvertedMeta invertedMeta;
        FieldMetadata.GraphMeta graphMeta = null;
        if (params.nknn() == 0) {
          invertedMeta =
              writer.write(terms, lambda, out.postings(), out.summaries(), executor, times);
        } else {
          // The graph searches the finished inverted index, which the segment's files cannot give
          // back before they are closed: it is staged in temporary files and copied after.
          try (StagedInvertedIndex staged =
              new StagedInvertedIndex(out.directory(), out.segmentName(), out.context())) {
            FieldMetadata.InvertedMeta stagedMeta =
                writer.write(terms, lambda, staged.postings(), staged.summaries(), executor, times);
            long graphStart = System.nanoTime();
            InvertedIndex inverted = staged.finish(numTerms, maxDoc, stagedMeta);
            graphMeta =
                new KnnGraphWriter(forward, inverted, numTerms, params.nknn())
                    .write(out.graph(), executor);
            invertedMeta = staged.copyTo(out.postings(), out.summaries(), stagedMeta);
            times.graphNanos = System.nanoTime() - graphStart;
          }
        }
        times.totalNanos = System.nanoTime() - start;
        FieldStats stats =
            new FieldStats(
                numTerms,
                forwardWriter.docsWithVector(),
                forwardWriter.numEntries(),
                lambda,
                writer.numPostings,
                writer.numBlocks,
                writer.numSummaryEntries);
        return new FieldMetadata(
            field.number, params, termsMeta, forwardMeta, invertedMeta, graphMeta, stats);
      }
    }
  }

  /** Clustering picks random centroids; seeding from the field keeps builds reproducible. */
  private static long seed(FieldInfo field) {
    return 0x5E15_41C0_0000_0000L ^ field.name.hashCode();
  }
}
