package dev.seismic.lucene.search;

import dev.seismic.lucene.document.SeismicVectorField;
import dev.seismic.lucene.document.SparseVector;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Random sparse vectors with a skewed vocabulary, as learned encoders produce, and brute force.
 * Public for the tests of other packages that need realistic indexes.
 */
public final class RandomVectors {
  private final Random random;
  private final int vocabulary;

  public RandomVectors(Random random, int vocabulary) {
    this.random = random;
    this.vocabulary = vocabulary;
  }

  public static String token(int id) {
    return "t" + id;
  }

  /** A vector of up to {@code maxLength} distinct tokens; small ids are more frequent. */
  public SparseVector next(String field, int maxLength) {
    int n = 1 + random.nextInt(maxLength);
    Map<String, Float> v = new HashMap<>();
    while (v.size() < n) {
      // Squaring a uniform draw skews towards small ids, like word frequencies.
      double u = random.nextDouble();
      int id = (int) (u * u * vocabulary);
      v.put(token(id), 0.01f + 3 * random.nextFloat());
    }
    return SparseVector.of(field, v);
  }

  /**
   * The exact score of a document for a query, with the document's weights as the index holds them
   * (9 significant bits), summed in double.
   */
  static double score(SparseVector query, SparseVector doc) {
    Map<String, Float> q = new HashMap<>();
    for (int i = 0; i < query.size(); i++) {
      q.put(query.token(i), query.weight(i));
    }
    double s = 0;
    for (int i = 0; i < doc.size(); i++) {
      Float w = q.get(doc.token(i));
      if (w != null) {
        s += w * SeismicVectorField.decodeWeight(SeismicVectorField.encodeWeight(doc.weight(i)));
      }
    }
    return s;
  }
}
