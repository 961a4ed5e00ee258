package dev.seismic.lucene.builder;

import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * Where a segment's Seismic structures go: the segment's data files, and its directory for the
 * temporary files of the build. Their metadata is not written here but returned ({@link
 * dev.seismic.lucene.index.FieldMetadata}).
 *
 * @param directory the segment's directory, for temporary files (deleted before the build returns)
 * @param segmentName prefix of the temporary files
 * @param context the flush's or merge's I/O context
 * @param terms the term dictionary file
 * @param forward the forward-index file
 * @param postings the pruned, blocked posting lists' file
 * @param summaries the block summaries' file
 * @param graph the κ-NN graphs' file
 */
public record BuildOutputs(
    Directory directory,
    String segmentName,
    IOContext context,
    IndexOutput terms,
    IndexOutput forward,
    IndexOutput postings,
    IndexOutput summaries,
    IndexOutput graph) {}
