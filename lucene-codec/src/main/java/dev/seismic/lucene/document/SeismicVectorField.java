package dev.seismic.lucene.document;

import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TermFrequencyAttribute;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;

/**
 * Indexes one learned-sparse vector (token to positive weight) in a document.
 *
 * <p>Each token becomes a term of the field whose term frequency is the weight in {@code
 * FeatureField}'s encoding (the float's top 16 bits: 8 exponent and 8 mantissa bits, about 0.4%
 * relative error). The standard postings therefore hold the whole vector, exact queries such as
 * {@code FeatureField.newLinearQuery(field, token, weight)} keep working on the same field, and the
 * Seismic postings format builds its forward index and pruned, blocked, summarised posting lists
 * from them at flush and merge.
 *
 * <p>The vector is validated when the field is created (see {@link SparseVector}): a bad vector
 * throws {@link IllegalArgumentException} naming the field, the token and the problem, so the
 * document never reaches the index. Index one such field per document and field name.
 *
 * <pre class="prettyprint">
 * Document doc = new Document();
 * doc.add(new SeismicVectorField("vector", Map.of("lucene", 1.2f, "search", 0.4f)));
 * writer.addDocument(doc);
 * </pre>
 */
public final class SeismicVectorField extends Field {

  /** The field type with the default {@link BuildParams}. */
  public static final FieldType TYPE = fieldType(BuildParams.DEFAULTS);

  /** A frozen field type carrying the given build parameters. */
  public static FieldType fieldType(BuildParams params) {
    FieldType type = new FieldType();
    type.setTokenized(false);
    type.setOmitNorms(true);
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    params.applyTo(type);
    type.freeze();
    return type;
  }

  private final SparseVector vector;

  /** A field with the default build parameters. */
  public SeismicVectorField(String name, Map<String, ? extends Number> vector) {
    this(name, SparseVector.of(name, vector), TYPE);
  }

  /**
   * A field with its own field type, made by {@link #fieldType(BuildParams)}.
   *
   * @throws IllegalArgumentException if the type does not index frequencies without positions
   */
  public SeismicVectorField(String name, SparseVector vector, FieldType type) {
    super(name, type);
    if (type.indexOptions() != IndexOptions.DOCS_AND_FREQS || type.tokenized()) {
      throw new IllegalArgumentException(
          "field \""
              + name
              + "\": a Seismic vector field needs an untokenized field type indexing DOCS_AND_FREQS;"
              + " use SeismicVectorField.fieldType(params)");
    }
    this.vector = vector;
    this.fieldsData = vector.toString();
  }

  /** The indexed vector. */
  public SparseVector vector() {
    return vector;
  }

  /** The term frequency that encodes {@code weight}, as {@code FeatureField} computes it. */
  public static int encodeWeight(float weight) {
    return Float.floatToIntBits(weight) >>> 15;
  }

  /**
   * The weight a term frequency stands for; the inverse of {@link #encodeWeight(float)}, and how
   * the Seismic structures decode the values they store (term frequencies capped at {@link
   * #MAX_ENCODED}). A larger frequency, which this field never produces but other writers may put
   * in a Seismic field, stands for the largest encoded weight.
   */
  public static float decodeWeight(int termFrequency) {
    // A minimum, not a branch: this runs for every entry of every document scored.
    return Float.intBitsToFloat(Math.min(termFrequency, MAX_ENCODED) << 15);
  }

  /** The largest frequency {@link #encodeWeight(float)} produces (that of Float.MAX_VALUE). */
  public static final int MAX_ENCODED = Float.floatToIntBits(Float.MAX_VALUE) >>> 15;

  @Override
  public TokenStream tokenStream(Analyzer analyzer, TokenStream reuse) {
    VectorTokenStream stream = reuse instanceof VectorTokenStream s ? s : new VectorTokenStream();
    stream.setVector(vector);
    return stream;
  }

  /** Emits each token once, with its encoded weight as the term frequency. */
  private static final class VectorTokenStream extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final TermFrequencyAttribute freq = addAttribute(TermFrequencyAttribute.class);
    private SparseVector vector = SparseVector.EMPTY;
    private int next;

    void setVector(SparseVector vector) {
      this.vector = vector;
    }

    @Override
    public boolean incrementToken() {
      if (next >= vector.size()) {
        return false;
      }
      clearAttributes();
      term.append(vector.token(next));
      freq.setTermFrequency(encodeWeight(vector.weight(next)));
      next++;
      return true;
    }

    @Override
    public void reset() {
      next = 0;
    }

    @Override
    public void close() {
      vector = SparseVector.EMPTY;
    }
  }
}
