package dev.seismic.lucene.search;

import dev.seismic.lucene.codecs.SeismicTerms;
import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import dev.seismic.lucene.index.FieldIndex;
import dev.seismic.lucene.index.ForwardIndex;
import dev.seismic.lucene.index.TermDictionary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * What a {@link SeismicQuery} rewrites to: a fixed set of hits with their scores, valid for the
 * reader it was computed on only. {@link #scoredDocuments()} tells how much work the search did.
 */
public final class SeismicHitsQuery extends Query {

  private final SeismicQuery source;
  private final int[] docs; // global ids, ascending
  private final float[] scores;
  private final int[] segmentStarts; // hits of leaf i are [segmentStarts[i], segmentStarts[i + 1])
  private final float maxScore;
  private final Object readerId;
  private final long scoredDocuments;

  SeismicHitsQuery(SeismicQuery source, IndexReader reader, TopDocs top) {
    this.source = source;
    ScoreDoc[] hits = top.scoreDocs.clone();
    this.maxScore = hits[0].score;
    Arrays.sort(hits, Comparator.comparingInt(h -> h.doc));
    docs = new int[hits.length];
    scores = new float[hits.length];
    for (int i = 0; i < hits.length; i++) {
      docs[i] = hits[i].doc;
      scores[i] = hits[i].score;
    }
    List<LeafReaderContext> leaves = reader.leaves();
    segmentStarts = new int[leaves.size() + 1];
    for (int i = 0; i < leaves.size(); i++) {
      int start = Arrays.binarySearch(docs, leaves.get(i).docBase);
      segmentStarts[i] = start >= 0 ? start : -1 - start;
    }
    segmentStarts[leaves.size()] = docs.length;
    readerId = reader.getContext().id();
    scoredDocuments = top.totalHits.value();
  }

  /**
   * Documents whose vectors the search scored from the forward index, over all segments: the
   * machine-independent cost of the query (exact search would score every matching document).
   */
  public long scoredDocuments() {
    return scoredDocuments;
  }

  /** The number of hits. */
  public int size() {
    return docs.length;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    if (searcher.getIndexReader().getContext().id() != readerId) {
      throw new IllegalStateException(
          "this rewritten Seismic query belongs to another reader; rewrite the SeismicQuery again");
    }
    return new Weight(this) {
      @Override
      public Explanation explain(LeafReaderContext context, int doc) throws IOException {
        int found = Arrays.binarySearch(docs, context.docBase + doc);
        if (found < 0) {
          return Explanation.noMatch(
              "not in the top " + source.getK() + " of the Seismic query on " + source.getField());
        }
        return Explanation.match(
            scores[found] * boost,
            "Seismic score on field ["
                + source.getField()
                + "] (dot product of the query and document vectors, in the top "
                + source.getK()
                + "), sum of:",
            contributions(context, doc, boost));
      }

      @Override
      public int count(LeafReaderContext context) {
        return segmentStarts[context.ord + 1] - segmentStarts[context.ord];
      }

      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) {
        int lower = segmentStarts[context.ord];
        int upper = segmentStarts[context.ord + 1];
        if (lower == upper) {
          return null;
        }
        return new DefaultScorerSupplier(new HitsScorer(context.docBase, lower, upper, boost));
      }

      @Override
      public boolean isCacheable(LeafReaderContext context) {
        return true;
      }
    };
  }

  /** One explanation per token the query and the document share. */
  private List<Explanation> contributions(LeafReaderContext context, int doc, float boost)
      throws IOException {
    List<Explanation> details = new ArrayList<>();
    FieldIndex index = SeismicTerms.get(context.reader(), source.getField());
    if (index == null) {
      return details;
    }
    ForwardIndex.Cursor cursor = index.forward().cursor();
    cursor.load(doc);
    TermDictionary.Lookup terms = index.terms().lookup();
    SparseVector q = source.getQueryVector();
    for (int i = 0; i < q.size(); i++) {
      int ord = terms.ordinal(new BytesRef(q.token(i)));
      if (ord < 0) {
        continue;
      }
      int pos = cursor.indexOf(ord);
      if (pos >= 0) {
        float docWeight = SeismicVectorField.decodeWeight(cursor.value(pos));
        details.add(
            Explanation.match(
                q.weight(i) * docWeight * boost,
                "token ["
                    + q.token(i)
                    + "]: query weight "
                    + q.weight(i)
                    + " × document weight "
                    + docWeight
                    + (boost != 1f ? " × boost " + boost : "")));
      }
    }
    return details;
  }

  /** Iterates one segment's hits in document order. */
  private final class HitsScorer extends Scorer {
    private final int docBase;
    private final int lower;
    private final int upper;
    private final float boost;
    private int current;

    HitsScorer(int docBase, int lower, int upper, float boost) {
      this.docBase = docBase;
      this.lower = lower;
      this.upper = upper;
      this.boost = boost;
      this.current = lower - 1;
    }

    @Override
    public int docID() {
      if (current < lower) {
        return -1;
      }
      return current >= upper ? DocIdSetIterator.NO_MORE_DOCS : docs[current] - docBase;
    }

    @Override
    public float score() {
      return scores[current] * boost;
    }

    @Override
    public float getMaxScore(int upTo) {
      return maxScore * boost;
    }

    @Override
    public DocIdSetIterator iterator() {
      return new DocIdSetIterator() {
        @Override
        public int docID() {
          return HitsScorer.this.docID();
        }

        @Override
        public int nextDoc() {
          current++;
          return docID();
        }

        @Override
        public int advance(int target) {
          int from = Math.max(current + 1, lower);
          int found = Arrays.binarySearch(docs, from, upper, target + docBase);
          current = found >= 0 ? found : -1 - found;
          return docID();
        }

        @Override
        public long cost() {
          return upper - lower;
        }
      };
    }
  }

  @Override
  public String toString(String field) {
    return "SeismicHits(" + docs.length + " hits of " + source.toString(field) + ")";
  }

  @Override
  public void visit(QueryVisitor visitor) {
    visitor.visitLeaf(this);
  }

  @Override
  public boolean equals(Object obj) {
    return sameClassAs(obj)
        && readerId == ((SeismicHitsQuery) obj).readerId
        && source.equals(((SeismicHitsQuery) obj).source)
        && Arrays.equals(docs, ((SeismicHitsQuery) obj).docs)
        && Arrays.equals(scores, ((SeismicHitsQuery) obj).scores);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        classHash(), readerId, source, Arrays.hashCode(docs), Arrays.hashCode(scores));
  }
}
