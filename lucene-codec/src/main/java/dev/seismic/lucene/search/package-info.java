/**
 * Search: {@link dev.seismic.lucene.search.SeismicQuery} runs Seismic's block-skipping top-k search
 * in {@code rewrite}. Each slice of the index (all of it when the searcher has no executor) is
 * searched as one: {@code SliceSearch} visits the blocks of all its segments best summary score
 * first, each segment's part held by a {@code SegmentSearch}, and all slices skip blocks against
 * one shared k-th best score ({@code SharedTopScores}). With a {@code knn}, the neighbours of the
 * hits in each segment's κ-NN graph are scored after the blocks. Small segments and selective
 * filters take an exact path over the forward index. {@code SeismicQueryParams} holds the
 * parameters as the engines parse them. {@link dev.seismic.lucene.search.SeismicQuery#exactQuery}
 * builds Lucene's exact baseline over the same field.
 */
package dev.seismic.lucene.search;
