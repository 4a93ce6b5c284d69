package io.hermod.tck;

import static org.junit.jupiter.api.Assertions.fail;

import io.hermod.api.Message;
import io.hermod.api.Publisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Warms up a group of competing consumers before a scenario counts how they share work: probe
 * messages are sent in small rounds until every consumer has received at least one.
 *
 * <p>Why: subscribing returns once a consumer is a member of its group, but on some brokers work
 * only reaches it after the group has settled (a Kafka consumer group moves partitions to a new
 * member over one or two rebalances, during which the earlier members take everything sent). A
 * scenario asking whether a group shares work must ask it of a settled group, and must not learn
 * the broker's settling time from its fixture: the probes let the broker show when it hands every
 * member work, however long that takes, up to the kit's deadline. A consumer that never receives a
 * probe fails the scenario here, naming it. The probes are not the counted load: the scenario still
 * asserts every consumer's share of the messages it sends afterwards.
 *
 * <p>Stateless and thread-safe.
 */
final class GroupWarmUp {

  /** How long one round waits for the probes it sent before sending more. */
  private static final Duration ROUND = Duration.ofMillis(200);

  /**
   * The largest round, in probes per consumer. Rounds double up to it: a broker that places work in
   * runs (Kafka's producer fills one partition with about 16 KB of small messages before it moves
   * to another) reaches every member only after some hundreds of probes, while a broker that hands
   * out one message at a time is done after the first round of one per consumer.
   */
  private static final int MAX_ROUND_PER_CONSUMER = 64;

  private GroupWarmUp() {}

  /**
   * Whether a payload is one of the probes {@link #untilEveryConsumerWorks} sends with {@code
   * prefix}, so a handler can record probes apart from the counted load.
   *
   * @param prefix the probe prefix
   * @param payload a received payload
   * @return {@code true} for a probe
   */
  static boolean isProbe(String prefix, String payload) {
    return payload.startsWith(prefix + "-");
  }

  /**
   * Sends rounds of probes ({@code <prefix>-<n>}, one per consumer in the first round, twice as
   * many in each next one up to a bound) until {@code probes} shows every consumer of {@code
   * consumers} received one, then waits until every probe sent has arrived, so none is still on its
   * way when the counted load starts.
   *
   * @param tck the kit's support: its deadline bounds the whole warm-up
   * @param publisher where to send the probes
   * @param prefix the probes' payload prefix
   * @param probes where the consumers' handlers record the probes they receive
   * @param consumers the consumers' labels in {@code probes}
   * @return the ids of the probes sent, never {@code null}
   * @throws AssertionError if some consumer received no probe within the deadline
   */
  static List<String> untilEveryConsumerWorks(
      TckSupport tck,
      Publisher<String> publisher,
      String prefix,
      DeliveryLog probes,
      List<String> consumers) {
    List<String> sent = new ArrayList<>();
    long end = System.nanoTime() + tck.deadline().toNanos();
    int roundSize = consumers.size();
    while (!everyConsumerWorks(probes, consumers)) {
      if (System.nanoTime() - end > 0) {
        fail(
            "expected every one of "
                + consumers.size()
                + " competing consumers on "
                + publisher.channel()
                + " to receive work, but after "
                + sent.size()
                + " probe messages in "
                + tck.deadline()
                + " the probes received per consumer are "
                + shares(probes, consumers));
      }
      int from = sent.size();
      List<Message<String>> round =
          IntStream.range(from, from + roundSize)
              .mapToObj(i -> Message.builder(prefix + "-" + i).build())
              .toList();
      Traffic.sendPipelined(publisher, round);
      sent.addAll(Traffic.ids(round));
      roundSize = Math.min(roundSize * 2, consumers.size() * MAX_ROUND_PER_CONSUMER);
      long roundEnd = System.nanoTime() + ROUND.toNanos();
      while (!everyConsumerWorks(probes, consumers) && System.nanoTime() - roundEnd < 0) {
        TckSupport.pause(Duration.ofMillis(10));
      }
    }
    Progress.awaitAll(tck, "all " + sent.size() + " probe messages", probes, sent);
    return sent;
  }

  /**
   * How many messages each consumer received, for failure messages.
   *
   * @param probes the deliveries recorded
   * @param consumers the consumers' labels
   * @return label to count, in the order given
   */
  static Map<String, Integer> shares(DeliveryLog probes, List<String> consumers) {
    Map<String, Integer> shares = new LinkedHashMap<>();
    consumers.forEach(c -> shares.put(c, probes.byConsumer().getOrDefault(c, Set.of()).size()));
    return shares;
  }

  private static boolean everyConsumerWorks(DeliveryLog probes, List<String> consumers) {
    return consumers.stream()
        .allMatch(c -> !probes.byConsumer().getOrDefault(c, Set.of()).isEmpty());
  }
}
