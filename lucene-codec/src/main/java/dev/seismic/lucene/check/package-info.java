/**
 * The structure validator: {@link dev.seismic.lucene.check.FieldIndexCheck} verifies one field's
 * Seismic structures in one segment against the field's full postings, reading the raw data by the
 * format's grammar rather than through the search path's readers: the term dictionary, the forward
 * index ({@code ForwardIndexCheck}), each pruned list ({@code PostingListCheck}) with its block
 * summaries ({@code SummaryCheck}), the recorded statistics and, when the field has one, the κ-NN
 * graph ({@code KnnGraphCheck}). {@link dev.seismic.lucene.codecs.SeismicCheckIndex} runs it over
 * every segment and field.
 *
 * <p>Depends on {@link dev.seismic.lucene.index} for the structures' raw data and format
 * definitions, and on {@link dev.seismic.lucene.builder} for one rule, which it must reproduce
 * exactly: which components of a long document take part in summaries ({@link
 * dev.seismic.lucene.builder.QuantizedSummary#heaviestPositions}). Neither depends on it.
 */
package dev.seismic.lucene.check;
