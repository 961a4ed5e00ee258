package dev.seismic.lucene.check;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.FieldStats;
import dev.seismic.lucene.index.TermDictionary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;

/**
 * Verifies one field's Seismic structures in one segment against the field's full postings there
 * (the delegate's, from which Seismic built them), walking the terms once in order:
 *
 * <ul>
 *   <li>the term dictionary maps the i-th term with postings to ordinal i, and holds no more;
 *   <li>the forward index ({@link ForwardIndexCheck}) is exactly the postings, document by
 *       document;
 *   <li>each pruned list and its summaries ({@link PostingListCheck}, {@link SummaryCheck});
 *   <li>the κ-NN graph, when the field has one ({@link KnnGraphCheck});
 *   <li>the statistics recorded at build time match what the walk counted.
 * </ul>
 *
 * <p>Everything is read by the format's grammar from the raw data, not through the search path's
 * readers, so a reader bug and a damaged file look the same: a problem. Reading is as costly as a
 * build's summarising (every block's documents are read once), with O(maxDoc + terms) heap.
 *
 * <p>Segments and fields are found by {@code dev.seismic.lucene.codecs.SeismicCheckIndex}.
 */
public final class FieldIndexCheck {

  /**
   * What a check walked.
   *
   * @param nknn κ of the field's κ-NN graph, 0 when it has none
   * @param graphRows graph rows checked by the grammar
   * @param graphNeighbours entries of those rows before their padding
   * @param graphScoredRows rows whose neighbours were also scored against the document (a sample)
   */
  public record Counts(
      int maxDoc,
      int terms,
      long forwardEntries,
      long lists,
      long blocks,
      long postings,
      long summaries,
      long summaryEntries,
      int nknn,
      long graphRows,
      long graphNeighbours,
      long graphScoredRows) {}

  /**
   * Collects problems: counts every one, keeps the first {@code keep} messages (prefixed with where
   * they were found), and with {@code stopAtFirst} makes the walk stop after the first.
   */
  public static final class Problems {
    private final String prefix;
    private final boolean stopAtFirst;
    private final int keep;
    private final List<String> messages = new ArrayList<>();
    private long count;

    public Problems(String prefix, boolean stopAtFirst, int keep) {
      this.prefix = prefix;
      this.stopAtFirst = stopAtFirst;
      this.keep = keep;
    }

    void report(String message) {
      count++;
      if (messages.size() < keep) {
        messages.add(prefix + message);
      }
    }

    boolean stopped() {
      return stopAtFirst && count > 0;
    }

    public long count() {
      return count;
    }

    /** The first messages, in the order found. */
    public List<String> messages() {
      return Collections.unmodifiableList(messages);
    }
  }

  private FieldIndexCheck() {}

  /**
   * Checks {@code index} against {@code fullPostings}, the same field's terms in the same segment.
   * Problems go to {@code problems}; only an I/O failure outside the structures throws.
   */
  public static Counts check(FieldIndex index, Terms fullPostings, Problems problems)
      throws IOException {
    int maxDoc = index.maxDoc();
    TermDictionary dictionary = index.terms();
    TermDictionary.Lookup lookup = dictionary.lookup(); // one reader for every term's lookup
    ForwardIndexCheck forward = new ForwardIndexCheck(index.forward(), dictionary.size(), problems);
    if (!forward.checkStructure()) {
      problems.report("forward index unreadable; its lists and graph were not checked");
      return new Counts(
          maxDoc, dictionary.size(), 0, 0, 0, 0, 0, 0, index.params().nknn(), 0, 0, 0);
    }
    int lambda = index.params().postingsPerList(maxDoc);
    SummaryCheck summaries = new SummaryCheck(index, forward, problems);
    PostingListCheck lists = new PostingListCheck(index, forward, summaries, lambda, problems);
    KnnGraphCheck graph = new KnnGraphCheck(index, forward, problems);
    boolean tablesOk = lists.checkTables();

    int ord = 0;
    TermsEnum termsEnum = fullPostings.iterator();
    PostingsEnum postings = null;
    int[] docs = new int[64];
    int[] values = new int[64];
    for (BytesRef term = termsEnum.next();
        term != null && !problems.stopped();
        term = termsEnum.next()) {
      postings = termsEnum.postings(postings, PostingsEnum.FREQS);
      int df = 0;
      for (int doc = postings.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = postings.nextDoc()) {
        docs = ArrayUtil.grow(docs, df + 1);
        values = ArrayUtil.grow(values, df + 1);
        docs[df] = doc;
        // What the build stores for this posting (SeismicFieldBuilder caps the frequency).
        values[df] = Math.min(postings.freq(), SeismicVectorField.MAX_ENCODED);
        df++;
      }
      String label = "term " + quote(term) + " (ord " + ord + ")";
      if (df == 0) {
        // The build numbers only terms with postings.
        if (lookup.ordinal(term) != -1) {
          problems.report("term dictionary maps " + quote(term) + ", which has no postings");
        }
        continue;
      }
      if (ord >= dictionary.size()) {
        problems.report(label + ": the term dictionary holds only " + dictionary.size() + " terms");
        break;
      }
      int mapped = lookup.ordinal(term);
      if (mapped != ord) {
        problems.report(label + ": the term dictionary maps it to " + mapped);
      }
      forward.checkPostings(ord, label, docs, values, df);
      if (tablesOk) {
        lists.check(ord, label, docs, values, df);
      }
      ord++;
    }
    boolean complete = !problems.stopped();
    if (complete && ord < dictionary.size()) {
      problems.report(
          "term dictionary holds "
              + dictionary.size()
              + " terms, the postings "
              + ord
              + "; the lists of the extra ordinals were not checked");
    }
    if (complete) {
      forward.checkAllMatched();
      // A damaged list is counted only as far as it could be read; its counts would only echo it.
      boolean listsCounted = tablesOk && problems.count() == 0;
      checkStats(index, forward, listsCounted ? lists : null, summaries, lambda, problems);
    }
    if (!problems.stopped()) {
      // Last: scoring rows reads the forward index, which the walk above has vouched for.
      graph.check();
    }
    return new Counts(
        maxDoc,
        ord,
        forward.numEntries(),
        lists.lists,
        lists.blocks,
        lists.postings,
        summaries.summaries,
        summaries.entries,
        graph.nknn(),
        graph.rows,
        graph.neighbours,
        graph.scoredRows);
  }

  /** The statistics the build recorded must be what the walk found. */
  private static void checkStats(
      FieldIndex index,
      ForwardIndexCheck forward,
      PostingListCheck lists,
      SummaryCheck summaries,
      int lambda,
      Problems problems) {
    FieldStats s = index.stats();
    compare("λ (postings per list)", s.postingsPerList(), lambda, problems);
    compare("documents with a vector", s.docsWithVector(), forward.docsWithVector(), problems);
    compare("forward-index entries", s.numEntries(), forward.numEntries(), problems);
    if (lists != null) {
      compare("pruned postings", s.numPostings(), lists.postings, problems);
      compare("blocks", s.numBlocks(), lists.blocks, problems);
      compare("summary entries", s.numSummaryEntries(), summaries.entries, problems);
    }
  }

  private static void compare(String what, long recorded, long found, Problems problems) {
    if (recorded != found) {
      problems.report("statistics record " + recorded + " " + what + ", the check found " + found);
    }
  }

  private static String quote(BytesRef term) {
    return "\"" + Term.toString(term) + "\"";
  }
}
