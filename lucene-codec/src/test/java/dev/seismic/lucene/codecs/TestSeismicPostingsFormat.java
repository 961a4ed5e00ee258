package dev.seismic.lucene.codecs;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.tests.index.BasePostingsFormatTestCase;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.tests.util.TestUtil;

/**
 * Lucene's own postings-format suite. Every field with frequencies routed to the Seismic format
 * gets Seismic structures, so the suite's random fields, deletes, merges, ghosts and integrity
 * checks exercise our files as well as the delegate's postings.
 *
 * <p>One of the suite's inherited tests prints a directory listing (~36 bytes) every run; over the
 * hundreds of iterations of the many-seed profile that passes the suite-wide 8 KB output limit,
 * which then fails the suite after every test passed. Nothing of ours prints.
 */
@LuceneTestCase.SuppressSysoutChecks(bugUrl = "the inherited suite prints once per iteration")
public class TestSeismicPostingsFormat extends BasePostingsFormatTestCase {

  private final Codec codec = TestUtil.alwaysPostingsFormat(new SeismicPostingsFormat());

  @Override
  protected Codec getCodec() {
    return codec;
  }
}
