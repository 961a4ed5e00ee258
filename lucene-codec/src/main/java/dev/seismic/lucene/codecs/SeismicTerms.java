package dev.seismic.lucene.codecs;

import dev.seismic.lucene.index.FieldIndex;
import java.io.IOException;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.Terms;

/**
 * The delegate's terms of a Seismic field, carrying the field's Seismic structures so that a query
 * can reach them from a segment reader.
 */
public final class SeismicTerms extends FilterLeafReader.FilterTerms {

  private final FieldIndex index;

  SeismicTerms(Terms in, FieldIndex index) {
    super(in);
    this.index = index;
  }

  /** The field's Seismic structures in this segment. */
  public FieldIndex seismicIndex() {
    return index;
  }

  /**
   * The Seismic structures of {@code field} in a segment, or {@code null} when the segment has no
   * document with the field.
   *
   * @throws IllegalArgumentException if the field exists but is not indexed with {@link
   *     SeismicPostingsFormat}, or the reader does not give access to its codec's postings
   */
  public static FieldIndex get(LeafReader reader, String field) throws IOException {
    SeismicTerms terms = terms(reader, field);
    return terms == null ? null : terms.index;
  }

  /**
   * The terms of a Seismic field in a segment, with their Seismic structures, or {@code null} when
   * the segment has no document with the field.
   *
   * @throws IllegalArgumentException as {@link #get}
   */
  public static SeismicTerms terms(LeafReader reader, String field) throws IOException {
    // The reader's wrappers decide what is visible: a field that a wrapper hides (field-level
    // security does so through FieldInfos and terms) has no Seismic structures either. Reaching
    // past the wrappers only happens for a field they show.
    if (reader.getFieldInfos().fieldInfo(field) == null) {
      return null;
    }
    Terms visible = reader.terms(field);
    if (visible == null) {
      return null;
    }
    if (visible instanceof SeismicTerms seismic) {
      // Wrappers that pass the codec's terms through unchanged (ParallelLeafReader does) need no
      // unwrapping; the others are FilterLeafReaders, unwrapped below.
      return seismic;
    }
    LeafReader unwrapped = FilterLeafReader.unwrap(reader);
    if (unwrapped instanceof CodecReader codecReader) {
      if (codecReader.getFieldInfos().fieldInfo(field) == null
          || codecReader.getPostingsReader() == null) {
        return null;
      }
      Terms terms = codecReader.getPostingsReader().terms(field);
      if (terms == null) {
        return null;
      }
      if (terms instanceof SeismicTerms seismic) {
        return seismic;
      }
      throw new IllegalArgumentException(
          "field \""
              + field
              + "\" is not indexed with the "
              + SeismicPostingsFormat.NAME
              + " postings format (its terms are "
              + terms.getClass().getName()
              + "); index it with SeismicCodec");
    }
    throw new IllegalArgumentException(
        "cannot reach the Seismic structures of field \""
            + field
            + "\" through a "
            + unwrapped.getClass().getName()
            + "; Seismic queries need segment (codec) readers");
  }
}
