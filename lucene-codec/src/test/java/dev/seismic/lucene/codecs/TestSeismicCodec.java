package dev.seismic.lucene.codecs;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.PostingsFormat;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

/** What SeismicCodec accepts as its delegate. */
public class TestSeismicCodec extends LuceneTestCase {

  public void testDelegateWithoutPerFieldPostingsIsRejected() {
    Codec single =
        new FilterCodec("SinglePostings", TestUtil.getDefaultCodec()) {
          @Override
          public PostingsFormat postingsFormat() {
            return TestUtil.getDefaultPostingsFormat();
          }
        };
    IllegalArgumentException e =
        expectThrows(IllegalArgumentException.class, () -> new SeismicCodec(single, "vec"));
    assertTrue(e.getMessage(), e.getMessage().contains("codec \"SinglePostings\""));
    assertTrue(e.getMessage(), e.getMessage().contains("not a PerFieldPostingsFormat"));
  }

  public void testDefaultCodecIsAccepted() {
    SeismicCodec codec = new SeismicCodec(TestUtil.getDefaultCodec(), "vec");
    assertEquals(TestUtil.getDefaultCodec().getName(), codec.getName());
  }
}
