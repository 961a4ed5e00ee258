/**
 * Search: {@link dev.seismic.lucene.search.SeismicQuery} runs Seismic's block-skipping top-k search
 * per segment in {@code rewrite}, with an exact path over the forward index for small segments and
 * selective filters, and {@link dev.seismic.lucene.search.SeismicQuery#exactQuery} builds Lucene's
 * exact baseline over the same field.
 */
package dev.seismic.lucene.search;
