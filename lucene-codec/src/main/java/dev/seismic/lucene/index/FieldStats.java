package dev.seismic.lucene.index;

/**
 * What the build produced for one field of a segment, as the meta file records it (its Stats) and
 * reports show it.
 *
 * @param numTerms terms with at least one posting (the segment's ordinals)
 * @param docsWithVector documents with at least one component
 * @param numEntries (document, component) entries of the forward index
 * @param postingsPerList λ for this segment
 * @param numPostings pruned postings in all lists
 * @param numBlocks blocks in all lists
 * @param numSummaryEntries entries of all block summaries
 */
public record FieldStats(
    int numTerms,
    int docsWithVector,
    long numEntries,
    int postingsPerList,
    long numPostings,
    long numBlocks,
    long numSummaryEntries) {}
