package dev.seismic.bench.cli;

import dev.seismic.lucene.document.BuildParams;
import picocli.CommandLine.Option;

/**
 * Seismic build parameters as command-line options, shared by every command that builds an index.
 * Unset options take {@link BuildParams#DEFAULTS}; {@link BuildParams} validates the values.
 */
public final class BuildOptions {

  @Option(
      names = "--n-postings",
      paramLabel = "N",
      description = "Postings kept per term per million documents (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + BuildParams.DEFAULT_N_POSTINGS)
  int nPostings;

  @Option(
      names = "--min-postings",
      paramLabel = "N",
      description = "Floor of postings kept per term (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + BuildParams.DEFAULT_MIN_POSTINGS)
  int minPostings;

  @Option(
      names = "--centroid-fraction",
      paramLabel = "F",
      description =
          "Blocks per posting list, as a fraction of its length (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + BuildParams.DEFAULT_CENTROID_FRACTION)
  float centroidFraction;

  @Option(
      names = "--summary-energy",
      paramLabel = "F",
      description = "Share of a block's L1 mass its summary keeps (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + BuildParams.DEFAULT_SUMMARY_ENERGY)
  float summaryEnergy;

  @Option(
      names = "--min-cluster-size",
      paramLabel = "N",
      description = "Clusters this small are dissolved (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + BuildParams.DEFAULT_MIN_CLUSTER_SIZE)
  int minClusterSize;

  @Option(
      names = "--doc-cut",
      paramLabel = "N",
      description = "Components of a document used to pick its block (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + BuildParams.DEFAULT_DOC_CUT)
  int docCut;

  @Option(
      names = "--nknn",
      paramLabel = "N",
      description =
          "Neighbours per document in each segment's κ-NN graph, found by searching the segment"
              + " with every document at each flush and merge; a query's --knn scores the"
              + " neighbours of its best hits. 0 builds no graph (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + BuildParams.DEFAULT_NKNN)
  int nknn;

  /** The parameters; throws IllegalArgumentException naming a bad one. */
  public BuildParams params() {
    return new BuildParams(
        nPostings, minPostings, centroidFraction, summaryEnergy, minClusterSize, docCut, nknn);
  }
}
