package dev.seismic.opensearch.codec;

import java.util.Set;
import org.apache.lucene.codecs.Codec;
import org.opensearch.index.codec.CodecAliases;
import org.opensearch.test.OpenSearchTestCase;

/** The alias codec loads through SPI, declares the alias and has the default codec's formats. */
public class SeismicAliasCodecTests extends OpenSearchTestCase {

  public void testLoadedBySpiWithTheAlias() {
    Codec codec = Codec.forName(SeismicAliasCodec.SPI_NAME);
    assertTrue(codec.getClass().getName(), codec instanceof SeismicAliasCodec);
    assertEquals(Set.of("seismic", "seismic_best_compression"), ((CodecAliases) codec).aliases());
  }

  public void testFormatsAreTheDefaultCodecs() {
    Codec codec = Codec.forName(SeismicAliasCodec.SPI_NAME);
    Codec expected = Codec.getDefault();
    assertEquals(expected.postingsFormat().getClass(), codec.postingsFormat().getClass());
    assertEquals(expected.docValuesFormat().getClass(), codec.docValuesFormat().getClass());
    assertEquals(expected.storedFieldsFormat().getClass(), codec.storedFieldsFormat().getClass());
    assertEquals(expected.termVectorsFormat().getClass(), codec.termVectorsFormat().getClass());
    assertEquals(expected.fieldInfosFormat().getClass(), codec.fieldInfosFormat().getClass());
    assertEquals(expected.segmentInfoFormat().getClass(), codec.segmentInfoFormat().getClass());
    assertEquals(expected.normsFormat().getClass(), codec.normsFormat().getClass());
    assertEquals(expected.liveDocsFormat().getClass(), codec.liveDocsFormat().getClass());
    assertEquals(expected.compoundFormat().getClass(), codec.compoundFormat().getClass());
    assertEquals(expected.pointsFormat().getClass(), codec.pointsFormat().getClass());
    assertEquals(expected.knnVectorsFormat().getClass(), codec.knnVectorsFormat().getClass());
  }
}
