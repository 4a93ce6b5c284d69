package io.hermod.binding.sqs.internal;

import static io.hermod.spi.observation.BrokerOperation.SEND;
import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.binding.sqs.SqsFixture;
import io.hermod.core.Hermod;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.tck.Deadlines;
import io.hermod.tck.RecordedTraffic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Statistics and traffic as an application's observer sees them, through core. */
class SqsObservedTest {

  private static final SqsFixture BROKER = SqsFixture.shared();

  /** Forwards broker traffic to a recorder and keeps the subscribed endpoints. */
  private static final class Observer implements MessagingObserver {
    final RecordedTraffic traffic = new RecordedTraffic();
    final List<Endpoint> subscribed = new CopyOnWriteArrayList<>();

    @Override
    public void brokerTraffic(
        String binding,
        String channel,
        BrokerOperation operation,
        int requests,
        int billedRequests,
        long bytes) {
      traffic.record(channel, operation, requests, billedRequests, bytes);
    }

    @Override
    public void subscribed(Endpoint endpoint, Supplier<ChannelStatistics> statistics) {
      subscribed.add(endpoint);
    }
  }

  @Test
  void aSendAllOf25IsThreeRequestsAndTheBacklogDrainsToZero() throws Exception {
    Observer observer = new Observer();
    String channel = "t-" + UUID.randomUUID().toString().substring(0, 8) + "-observed";
    try (Messaging messaging =
        Hermod.builder().config(BROKER.config()).observer(observer).build()) {
      messaging.declare(ChannelSpec.queue(channel).build());
      List<Message<String>> batch = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        batch.add(Message.of("m" + i));
      }
      messaging
          .publisher(channel, String.class)
          .sendAll(batch)
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      assertThat(observer.traffic.requests(channel, SEND)).isEqualTo(3);
      assertThat(observer.traffic.billed(channel, SEND)).isEqualTo(3);

      Deadlines.await(
          "25 waiting",
          Duration.ofSeconds(30),
          () -> messaging.statistics(channel, "default").waiting().equals(OptionalLong.of(25)),
          () -> "last: " + messaging.statistics(channel, "default"));

      AtomicInteger handled = new AtomicInteger();
      messaging.subscribe(channel, String.class, d -> handled.incrementAndGet());
      Deadlines.await("all handled", () -> handled.get() == 25);
      Deadlines.await(
          "the backlog drained",
          Duration.ofSeconds(30),
          () -> {
            ChannelStatistics s = messaging.statistics(channel, "default");
            return s.waiting().equals(OptionalLong.of(0))
                && s.inFlight().equals(OptionalLong.of(0));
          },
          () -> "last: " + messaging.statistics(channel, "default"));
      assertThat(observer.subscribed).extracting(Endpoint::system).containsOnly("aws_sqs");
    }
  }
}
