package dev.seismic.lucene.codecs;

import dev.seismic.lucene.check.FieldIndexCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.Terms;

/**
 * Verifies the Seismic structures of an index, which Lucene's {@link
 * org.apache.lucene.index.CheckIndex} cannot see: it verifies checksums, so it catches damaged
 * bytes, but not structures written wrong, or damaged before their checksum was computed. For every
 * segment and Seismic field this walks the term dictionary, forward index, pruned lists and
 * summaries against the field's full postings, and the rows of the field's κ-NN graph when it has
 * one ({@link FieldIndexCheck} lists what is verified).
 *
 * <p>Like CheckIndex it collects problems into a {@link Status}, or with {@link #setFailFast}
 * throws a {@link CorruptIndexException} at the first. It reads every block's documents once, about
 * the cost of a merge's summarising; run it offline (the {@code check} command of the command-line
 * tool does, after CheckIndex).
 */
public final class SeismicCheckIndex {

  /** Messages kept per segment and field; every problem is counted. */
  public static final int MESSAGES_KEPT = 100;

  /**
   * One field in one segment.
   *
   * @param problemCount every problem found
   * @param problems the first {@value #MESSAGES_KEPT} messages
   */
  public record FieldStatus(
      String segment,
      String field,
      FieldIndexCheck.Counts counts,
      long problemCount,
      List<String> problems) {}

  /** What a check found, per segment and field. */
  public record Status(List<FieldStatus> fields) {
    public boolean clean() {
      return problemCount() == 0;
    }

    public long problemCount() {
      return fields.stream().mapToLong(FieldStatus::problemCount).sum();
    }
  }

  private boolean failFast;

  /** Throw at the first problem instead of collecting them. */
  public SeismicCheckIndex setFailFast(boolean failFast) {
    this.failFast = failFast;
    return this;
  }

  /** Checks every Seismic field of every segment. */
  public Status check(IndexReader reader) throws IOException {
    return check(reader, null);
  }

  /**
   * Checks {@code field} (every Seismic field when null) in every segment that has it.
   *
   * @throws IllegalArgumentException if {@code field} is not a Seismic field
   * @throws CorruptIndexException with fail-fast, at the first problem
   */
  public Status check(IndexReader reader, String field) throws IOException {
    List<FieldStatus> statuses = new ArrayList<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      LeafReader segment = leaf.reader();
      String name =
          FilterLeafReader.unwrap(segment) instanceof SegmentReader sr
              ? sr.getSegmentName()
              : "leaf " + leaf.ord;
      for (String f : field == null ? seismicFields(segment) : List.of(field)) {
        SeismicTerms terms = SeismicTerms.terms(segment, f);
        if (terms != null) {
          statuses.add(check(name, f, terms));
        }
      }
    }
    return new Status(statuses);
  }

  private FieldStatus check(String segment, String field, SeismicTerms terms) throws IOException {
    String where = "segment " + segment + ", field \"" + field + "\": ";
    FieldIndexCheck.Problems problems =
        new FieldIndexCheck.Problems(where, failFast, MESSAGES_KEPT);
    // Its iterator is the delegate's: the full postings Seismic was built from.
    Terms full = terms;
    FieldIndexCheck.Counts counts = FieldIndexCheck.check(terms.seismicIndex(), full, problems);
    if (failFast && problems.count() > 0) {
      throw new CorruptIndexException(problems.messages().get(0), segment);
    }
    return new FieldStatus(segment, field, counts, problems.count(), problems.messages());
  }

  /** The fields of a segment that carry Seismic structures. */
  private static List<String> seismicFields(LeafReader segment) throws IOException {
    List<String> fields = new ArrayList<>();
    if (!(FilterLeafReader.unwrap(segment) instanceof CodecReader codecReader)
        || codecReader.getPostingsReader() == null) {
      return fields;
    }
    for (FieldInfo info : codecReader.getFieldInfos()) {
      if (info.getIndexOptions().compareTo(IndexOptions.DOCS_AND_FREQS) >= 0
          && codecReader.getPostingsReader().terms(info.name) instanceof SeismicTerms) {
        fields.add(info.name);
      }
    }
    return fields;
  }
}
