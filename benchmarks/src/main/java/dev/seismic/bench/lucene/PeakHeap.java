package dev.seismic.bench.lucene;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap that stayed reachable while it watched: after every garbage collection, the heap
 * pools' use is summed and the largest sum kept. What a collection leaves is what the work needed
 * at that moment; heap in use between collections also counts garbage, and would measure the
 * collector's laziness rather than the build. The figure is a lower bound of the true peak (it is
 * sampled at collections only), and the build completing under a given {@code -Xmx} is the proof
 * that it fits.
 */
public final class PeakHeap implements AutoCloseable {

  private final AtomicLong peak = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final Set<String> heapPools;
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;

  private PeakHeap() {
    heapPools =
        Set.copyOf(
            ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .toList());
  }

  /** Starts watching. */
  public static PeakHeap start() {
    PeakHeap heap = new PeakHeap();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(heap.listener, null, null);
        heap.emitters.add(emitter);
      }
    }
    return heap;
  }

  private void onNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool :
        info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    peak.accumulateAndGet(used, Math::max);
    collections.incrementAndGet();
  }

  /** The largest heap left by a collection so far; 0 before the first collection. */
  public long peakAfterGc() {
    return peak.get();
  }

  /** Collections seen so far. */
  public long collections() {
    return collections.get();
  }

  /** The JVM's maximum heap ({@code -Xmx}). */
  public static long maxHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException e) {
        // never registered: nothing to remove
      }
    }
  }
}
