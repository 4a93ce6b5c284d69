package io.hermod.binding.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.api.StartPosition;
import io.hermod.binding.kafka.KafkaBroker;
import io.hermod.spi.Binding;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.tck.Deadlines;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A commit that fails because of a real rebalance is logged at WARN with topic, group, partition
 * and offset, and is then retried until it succeeds (issue #11's acceptance).
 *
 * <p>How the failure is made certain rather than lucky: three members. C blocks its poll thread in
 * a handler, so when B joins, the group cannot finish rebalancing until C is let go; A has rejoined
 * meanwhile and waits for the join to complete, and Kafka refuses every commit A makes in that
 * state ({@code RebalanceInProgressException}). A acks one held delivery at a time until the WARN
 * appears; then C is let go, the rebalance completes, and the retried commit lands.
 */
class KafkaCommitFailureInRebalanceTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static KafkaBroker broker;
  private final List<AutoCloseable> resources = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared();
  }

  @AfterEach
  void closeResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private Binding binding() {
    return SpiBindings.started(
        SpiBindings.context(Map.of("bootstrap-servers", broker.bootstrapServers())), resources);
  }

  private static SubscriptionSpec sub() {
    return new SubscriptionSpec("s", Filter.none(), 64, StartPosition.LATEST);
  }

  @Test
  void aCommitFailingDuringARealRebalanceIsWarnedWithItsCoordinatesAndRetried() throws Exception {
    Binding producer = binding();
    ChannelSpec q =
        ChannelSpec.queue("it-commit-warn-" + UUID.randomUUID().toString().substring(0, 8)).build();
    producer.provision(q);
    String group = ((KafkaBinding) producer).groupId(q, sub());

    List<InboundDelivery> heldByA = new CopyOnWriteArrayList<>();
    AtomicBoolean aAcksAtOnce = new AtomicBoolean();
    resources.add(
        binding()
            .inbound(
                q,
                sub(),
                d -> {
                  if (aAcksAtOnce.get()) {
                    d.ack();
                  } else {
                    heldByA.add(d);
                  }
                }));
    CountDownLatch releaseC = new CountDownLatch(1);
    AtomicBoolean cBlocked = new AtomicBoolean();
    resources.add(
        binding()
            .inbound(
                q,
                sub(),
                d -> {
                  if (cBlocked.compareAndSet(false, true)) {
                    // On C's poll thread, on purpose: C cannot rejoin while it is blocked here.
                    awaitQuietly(releaseC);
                  }
                  d.ack();
                }));
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      Deadlines.await(
          "A and C own partitions",
          DEADLINE,
          () -> stableWithMembers(admin, group, 2),
          () -> "not yet");
      List<Message<byte[]>> batch = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        batch.add(
            Message.builder(new byte[] {(byte) i}).id("id-" + i).key("key-" + (i % 64)).build());
      }
      for (CompletableFuture<Receipt> r : producer.outbound(q).send(batch)) {
        r.get(30, TimeUnit.SECONDS);
      }
      Deadlines.await(
          "A holding deliveries and C blocked",
          DEADLINE,
          () -> heldByA.size() >= 32 && cBlocked.get(),
          () -> "A holds " + heldByA.size() + ", C blocked: " + cBlocked.get());

      try (LogCapture log = LogCapture.start()) {
        Binding joining = binding();
        CompletableFuture<Inbound> b =
            CompletableFuture.supplyAsync(() -> joining.inbound(q, sub(), InboundDelivery::ack));
        Deadlines.await(
            "the group rebalancing",
            DEADLINE,
            () -> inState(admin, group, GroupState.PREPARING_REBALANCE),
            () -> "not yet");

        Pattern warning =
            Pattern.compile(
                "WARN .*commit of topic "
                    + Pattern.quote(q.name())
                    + " partition (\\d+) offset (\\d+)[^\\n]* for group "
                    + Pattern.quote(group)
                    + " failed \\(org\\.apache\\.kafka\\.common\\.errors\\.RebalanceInProgressException[^\\n]*\\), retrying");
        AtomicInteger acked = new AtomicInteger();
        Deadlines.await(
            "a WARN for a commit refused by the rebalance",
            DEADLINE,
            () -> {
              if (warning.matcher(log.text()).find()) {
                return true;
              }
              // One more settled record, so A has something new to commit; then give the loop
              // (50 ms commit interval) time to try before the next one.
              int next = acked.getAndIncrement();
              if (next < heldByA.size()) {
                heldByA.get(next).ack();
              }
              Deadlines.pause(Duration.ofMillis(200));
              return warning.matcher(log.text()).find();
            },
            () -> "acked " + acked.get() + " of " + heldByA.size() + "; log:\n" + log.text());
        Matcher m = warning.matcher(log.text());
        assertThat(m.find()).isTrue();
        TopicPartition partition = new TopicPartition(q.name(), Integer.parseInt(m.group(1)));
        long offset = Long.parseLong(m.group(2));

        // Let the rebalance finish: the retried commit must land.
        aAcksAtOnce.set(true);
        heldByA.forEach(InboundDelivery::ack);
        releaseC.countDown();
        resources.add(b.get(60, TimeUnit.SECONDS));
        Deadlines.await(
            "the commit of " + partition + " at " + offset + " retried and accepted",
            DEADLINE,
            () -> committed(admin, group, partition) >= offset,
            () -> "committed " + committed(admin, group, partition) + "; log:\n" + log.text());
        assertThat(log.text())
            .as("no commit of the group given up")
            .doesNotContain("for group " + group + " failed and is given up");
      }
    } finally {
      releaseC.countDown();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(90, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean stableWithMembers(Admin admin, String group, int members) {
    try {
      var d =
          admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
      return d.groupState() == GroupState.STABLE
          && d.members().size() == members
          && d.members().stream().allMatch(mem -> !mem.assignment().topicPartitions().isEmpty());
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean inState(Admin admin, String group, GroupState state) {
    try {
      return admin
              .describeConsumerGroups(List.of(group))
              .all()
              .get(10, TimeUnit.SECONDS)
              .get(group)
              .groupState()
          == state;
    } catch (Exception e) {
      return false;
    }
  }

  private static long committed(Admin admin, String group, TopicPartition tp) {
    try {
      OffsetAndMetadata o =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS)
              .get(tp);
      return o == null ? -1 : o.offset();
    } catch (Exception e) {
      return -1;
    }
  }

  /**
   * Copies what is written to {@code System.err} while open, still passing it through:
   * slf4j-simple, the logging backend of this module's tests, looks {@code System.err} up for every
   * line (its default {@code logFile=System.err}, not cached).
   */
  private static final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    static LogCapture start() {
      return new LogCapture();
    }

    private LogCapture() {
      OutputStream tee =
          new OutputStream() {
            @Override
            public void write(int b) {
              original.write(b);
              synchronized (copy) {
                copy.write(b);
              }
            }

            @Override
            public void write(byte[] b, int off, int len) {
              original.write(b, off, len);
              synchronized (copy) {
                copy.write(b, off, len);
              }
            }
          };
      System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    String text() {
      synchronized (copy) {
        return copy.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() {
      System.setErr(original);
    }
  }
}
