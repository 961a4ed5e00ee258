/**
 * JMH micro-benchmarks of Seismic's hot kernels, through the codec's public API on a small index
 * built at set-up: block-summary scoring ({@code SummaryScorer.score}, through {@code
 * InvertedIndex.PostingList.summaries()}) and forward-index dot products ({@code
 * ForwardIndex.Cursor.dot}), plus heap-array variants of the gather-dot (scalar and JDK Vector API)
 * to see whether vectorising the dot would pay.
 *
 * <p>Not part of the default build. Build and run:
 *
 * <pre>
 * ./seismic mvn -q -pl benchmarks -am -Pjmh -DskipTests package
 * $(./seismic java-home)/bin/java --add-modules jdk.incubator.vector \
 *     -jar benchmarks/target/seismic-jmh.jar [JMH options, e.g. -f 1 -wi 3 -i 5 Kernels]
 * </pre>
 *
 * The index is made from the real SPLADE++ ED pool when the shared data folder is found (20,000
 * documents generated from it, 64 real queries), else from the synthetic set; the set-up prints
 * which.
 */
package dev.seismic.bench.jmh;
