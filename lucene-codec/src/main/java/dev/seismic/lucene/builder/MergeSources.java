package dev.seismic.lucene.builder;

import dev.seismic.lucene.index.FieldIndex;
import org.apache.lucene.index.MergeState;

/**
 * What a merge offers the builder of a field: per source segment, the field's Seismic structures
 * (null when the source has no document with the field) and the map of its documents to merged
 * ones. The merged forward index is then streamed from the sources' ({@link MergedForwardIndex}).
 *
 * @param indexes per source, the field's structures, or null
 * @param docMaps per source, Lucene's map of its documents to the merged segment's (-1: deleted)
 * @param maxDocs per source, its maxDoc
 */
public record MergeSources(FieldIndex[] indexes, MergeState.DocMap[] docMaps, int[] maxDocs) {}
