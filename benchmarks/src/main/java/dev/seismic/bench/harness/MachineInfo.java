package dev.seismic.bench.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Describes the machine and JVM a run measured on, for the report. */
final class MachineInfo {

  private MachineInfo() {}

  static BenchResults.Machine describe() {
    long ram = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      ram = os.getTotalMemorySize();
    }
    String jvm =
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")";
    String os =
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch");
    return new BenchResults.Machine(
        Runtime.getRuntime().availableProcessors(),
        ram,
        cpuModel(),
        os,
        jvm,
        Runtime.getRuntime().maxMemory(),
        List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }

  /** The CPU's model name from /proc/cpuinfo (Linux), or "unknown". */
  private static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      if (Files.isReadable(cpuinfo)) {
        for (String line : Files.readAllLines(cpuinfo)) {
          if (line.startsWith("model name")) {
            return line.substring(line.indexOf(':') + 1).trim();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through: the model is a nicety, not a measurement
    }
    return "unknown";
  }
}
