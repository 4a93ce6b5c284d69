package io.hermod.binding.kafka.internal;

import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.BrokerTraffic;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What a Kafka channel costs: the requests and bytes the binding's clients exchange with the
 * brokers, reported per channel to the binding's {@link BrokerTraffic}.
 *
 * <p>kafka-clients batches on its own, so the binding does not count per message: it reads the
 * clients' own metrics, once a second, and reports what changed. Nothing is counted per message,
 * and with {@link BrokerTraffic#NONE} nothing is read at all.
 *
 * <ul>
 *   <li><b>send</b>: the bytes the producer sent for the channel's topic (its {@code
 *       producer-topic-metrics byte-total}: record batches as written, keys, values and headers,
 *       after compression), and the requests the producer made ({@code producer-metrics
 *       request-total}: produce requests, plus its few metadata requests). One producer serves
 *       every channel, and one produce request can carry batches of several topics, so a second in
 *       which several topics were sent to splits its requests between them in proportion to their
 *       bytes (largest remainder, so the total stays exact); requests of a second in which nothing
 *       was sent (a metadata refresh) go to the next second that sends. Redelivery copies, which
 *       the binding appends to the channel's own topic, count as sends of that channel; the
 *       processed-id changelog of an exactly-once channel counts as sends of its channel.
 *   <li><b>receive</b>: per consumer (one consumer reads one channel), its fetch requests ({@code
 *       fetch-total}, empty fetches included) and the bytes they brought ({@code
 *       bytes-consumed-total}); for a share-group consumer, its share-fetch requests, which also
 *       carry its acknowledgements.
 *   <li><b>settle</b>: offset commits, one request each (asynchronous ones from the poll loop, at
 *       most every 50 ms, and synchronous ones on revocation and close), counted by the binding
 *       itself; a share-group consumer's acknowledgements ride on its share fetches (counted as
 *       receive), except the explicit acknowledgement on close, one request.
 *   <li><b>other</b>: statistics, the requests the statistics admin client made for them (metadata,
 *       list offsets, group offsets) as its {@code request-total} tells.
 * </ul>
 *
 * <p>Thread-safe: the producer tick runs on one thread; each consumer's meter on its poll thread.
 */
final class KafkaTraffic {

  static final long TICK_MILLIS = 1000;
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);

  private final BrokerTraffic traffic;
  private final boolean counting;
  // The channel a topic's traffic belongs to, where it is not the topic itself (a changelog).
  private final Map<String, String> channelOfTopic = new ConcurrentHashMap<>();

  // Owned by the producer tick (synchronized).
  private final Map<String, double[]> lastTopic = new HashMap<>();
  private double lastRequests;
  private long pendingRequests;

  KafkaTraffic(BrokerTraffic traffic) {
    this.traffic = traffic;
    this.counting = traffic != BrokerTraffic.NONE;
  }

  /** Whether anybody counts: without, no metrics are read. */
  boolean counting() {
    return counting;
  }

  /** Counts {@code topic}'s sends as {@code channel}'s. */
  void attribute(String topic, String channel) {
    channelOfTopic.put(topic, channel);
  }

  private String channelOf(String topic) {
    return channelOfTopic.getOrDefault(topic, topic);
  }

  /** Reports the settle requests a consumer made: offset commits. */
  void settled(String channel, int requests) {
    if (counting) {
      traffic.record(channel, BrokerOperation.SETTLE, requests, requests, 0);
    }
  }

  /** Reports the requests a statistics call made. */
  void other(String channel, int requests) {
    if (counting && requests > 0) {
      traffic.record(channel, BrokerOperation.OTHER, requests, requests, 0);
    }
  }

  /**
   * Reports what the producer sent since the last tick.
   *
   * @param metrics the producer's metrics
   */
  synchronized void producerTick(Map<MetricName, ? extends Metric> metrics) {
    if (!counting) {
      return;
    }
    double requests = lastRequests;
    // topic -> {bytes total, records total}
    Map<String, double[]> now = new HashMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      MetricName n = e.getKey();
      if (n.group().equals("producer-topic-metrics")) {
        String topic = n.tags().get("topic");
        int index =
            n.name().equals("byte-total") ? 0 : n.name().equals("record-send-total") ? 1 : -1;
        if (topic != null && index >= 0) {
          now.computeIfAbsent(topic, t -> new double[2])[index] = value(e.getValue());
        }
      } else if (n.group().equals("producer-metrics") && n.name().equals("request-total")) {
        requests = value(e.getValue());
      }
    }
    pendingRequests += Math.max(0, Math.round(requests - lastRequests));
    lastRequests = requests;
    Map<String, long[]> sent = new HashMap<>(); // channel -> {bytes, records}
    long totalBytes = 0;
    for (Map.Entry<String, double[]> e : now.entrySet()) {
      double[] before = lastTopic.getOrDefault(e.getKey(), new double[2]);
      long bytes = Math.max(0, Math.round(e.getValue()[0] - before[0]));
      long records = Math.max(0, Math.round(e.getValue()[1] - before[1]));
      lastTopic.put(e.getKey(), e.getValue());
      if (records > 0 || bytes > 0) {
        long[] c = sent.computeIfAbsent(channelOf(e.getKey()), k -> new long[2]);
        c[0] += bytes;
        c[1] += records;
        totalBytes += bytes;
      }
    }
    if (sent.isEmpty()) {
      return; // requests without records (metadata): carried to the next second that sends
    }
    Map<String, Integer> share = split(pendingRequests, sent, totalBytes);
    pendingRequests = 0;
    for (Map.Entry<String, long[]> e : sent.entrySet()) {
      int r = share.getOrDefault(e.getKey(), 0);
      traffic.record(e.getKey(), BrokerOperation.SEND, r, r, e.getValue()[0]);
    }
  }

  /** Splits {@code requests} between channels in proportion to bytes, by largest remainder. */
  static Map<String, Integer> split(long requests, Map<String, long[]> sent, long totalBytes) {
    Map<String, Integer> share = new HashMap<>();
    if (sent.size() == 1) {
      share.put(sent.keySet().iterator().next(), (int) Math.min(Integer.MAX_VALUE, requests));
      return share;
    }
    long given = 0;
    Map<String, Double> remainders = new HashMap<>();
    for (Map.Entry<String, long[]> e : sent.entrySet()) {
      double exact =
          totalBytes == 0
              ? (double) requests / sent.size()
              : (double) requests * e.getValue()[0] / totalBytes;
      int whole = (int) Math.floor(exact);
      share.put(e.getKey(), whole);
      remainders.put(e.getKey(), exact - whole);
      given += whole;
    }
    long left = requests - given;
    for (String channel :
        remainders.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .map(Map.Entry::getKey)
            .toList()) {
      if (left-- <= 0) {
        break;
      }
      share.merge(channel, 1, Integer::sum);
    }
    return share;
  }

  private static double value(Metric m) {
    return m.metricValue() instanceof Number n ? n.doubleValue() : 0;
  }

  /**
   * A meter of one consumer's fetches, driven by its poll thread (a consumer's metrics may only be
   * read there).
   *
   * @param channel the channel the consumer reads
   * @param metrics the consumer's metrics
   * @return the meter, doing nothing if nobody counts
   */
  FetchMeter fetchMeter(String channel, Supplier<Map<MetricName, ? extends Metric>> metrics) {
    return new FetchMeter(channel, metrics);
  }

  /** The receive traffic of one consumer. Not thread-safe: used by the poll thread only. */
  final class FetchMeter {
    private final String channel;
    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private long lastTick = System.nanoTime();
    private double lastFetches;
    private double lastBytes;

    private FetchMeter(String channel, Supplier<Map<MetricName, ? extends Metric>> metrics) {
      this.channel = channel;
      this.metrics = metrics;
    }

    /** Reports the fetches since the last report, if a second has passed. */
    void maybeTick() {
      if (counting && System.nanoTime() - lastTick >= TICK_NANOS) {
        tick();
      }
    }

    /** Reports the fetches since the last report. */
    void tick() {
      if (!counting) {
        return;
      }
      lastTick = System.nanoTime();
      double fetches = lastFetches;
      double bytes = lastBytes;
      for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
        MetricName n = e.getKey();
        // The consumer-wide totals (a per-topic one carries a topic tag): one consumer reads one
        // topic, so they are the channel's.
        if (n.group().endsWith("fetch-manager-metrics") && !n.tags().containsKey("topic")) {
          if (n.name().equals("fetch-total")) {
            fetches = value(e.getValue());
          } else if (n.name().equals("bytes-consumed-total")) {
            bytes = value(e.getValue());
          }
        }
      }
      int requests = (int) Math.max(0, Math.round(fetches - lastFetches));
      long received = Math.max(0, Math.round(bytes - lastBytes));
      lastFetches = fetches;
      lastBytes = bytes;
      if (requests > 0 || received > 0) {
        traffic.record(channel, BrokerOperation.RECEIVE, requests, requests, received);
      }
    }
  }
}
