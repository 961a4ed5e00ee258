package dev.seismic.lucene.tune;

/**
 * What one setting achieved on a set of queries.
 *
 * @param setting the query parameters
 * @param recall mean recall@k over the queries some document matches (NaN if none does)
 * @param meanLatencyMillis mean wall time of one {@code IndexSearcher.search}, in milliseconds,
 *     over every query and every pass
 * @param queries how many queries were run
 */
public record SettingMeasurement(
    QuerySetting setting, double recall, double meanLatencyMillis, int queries) {}
