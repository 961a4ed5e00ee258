package dev.seismic.lucene.codecs;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.tests.index.BasePostingsFormatTestCase;
import org.apache.lucene.tests.util.TestUtil;

/**
 * Lucene's own postings-format suite. Every field with frequencies routed to the Seismic format
 * gets Seismic structures, so the suite's random fields, deletes, merges, ghosts and integrity
 * checks exercise our files as well as the delegate's postings.
 */
public class TestSeismicPostingsFormat extends BasePostingsFormatTestCase {

  private final Codec codec = TestUtil.alwaysPostingsFormat(new SeismicPostingsFormat());

  @Override
  protected Codec getCodec() {
    return codec;
  }
}
