/**
 * Tuning Seismic's query parameters to a recall target on the user's own index and queries.
 *
 * <p>{@link dev.seismic.lucene.tune.RecallTuner} is the entry point: given a searcher, a Seismic
 * field, sample query vectors, k and a target recall@k, it
 *
 * <ol>
 *   <li>computes the ground truth by exact search on the same index ({@link
 *       dev.seismic.lucene.search.SeismicQuery#exactQuery}), so recall is measured against the
 *       scores the index itself holds ({@link dev.seismic.lucene.tune.ExactTruth});
 *   <li>splits the queries, seeded, into a tuning part and a held-out part ({@link
 *       dev.seismic.lucene.tune.QuerySplit});
 *   <li>sweeps a grid of {@code query_cut} × {@code heap_factor} settings ({@link
 *       dev.seismic.lucene.tune.SettingGrid}) on the tuning part, measuring recall and mean
 *       single-thread latency ({@link dev.seismic.lucene.tune.SettingMeasurer});
 *   <li>picks the fastest setting whose tuning recall reaches the target, or the most accurate when
 *       none does ({@link dev.seismic.lucene.tune.SettingChooser});
 *   <li>measures the chosen setting on the held-out part, which the choice never saw: that is the
 *       honest estimate of what the user will get ({@link dev.seismic.lucene.tune.TuningResult}).
 * </ol>
 *
 * <p>Latencies are wall times of {@code IndexSearcher.search} on the calling thread; they are only
 * comparable within one run on one machine.
 */
package dev.seismic.lucene.tune;
