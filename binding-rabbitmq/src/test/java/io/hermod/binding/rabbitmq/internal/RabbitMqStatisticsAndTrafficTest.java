package io.hermod.binding.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.api.StartPosition;
import io.hermod.binding.rabbitmq.RabbitMqFixture;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.Inbound;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.support.Settings;
import io.hermod.tck.RecordedTraffic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The backlog the broker reports, and the AMQP methods counted per channel. */
class RabbitMqStatisticsAndTrafficTest {

  private static final int N = 20;
  private static final String PREFIX = "hermod.rabbitmq.";
  private final RecordedTraffic traffic = new RecordedTraffic();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private Binding binding() throws Exception {
    Map<String, String> relative = new LinkedHashMap<>();
    RabbitMqFixture.shared()
        .config()
        .forEach(
            (k, v) -> {
              if (k.startsWith(PREFIX)) {
                relative.put(k.substring(PREFIX.length()), v);
              }
            });
    RabbitMqBindingProvider provider = new RabbitMqBindingProvider();
    Settings settings = Settings.of("binding 'rabbitmq'", PREFIX, relative, provider.configKeys());
    Binding b =
        provider.create(
            new BindingContext(
                RabbitMqBindingProvider.NAME,
                settings,
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                UUID.randomUUID().toString(),
                traffic));
    settings.validate();
    resources.add(b);
    b.start();
    return b;
  }

  private static ChannelStatistics await(
      Binding b, ChannelSpec channel, SubscriptionSpec sub, Predicate<ChannelStatistics> until)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ChannelStatistics last = b.statistics(channel, sub);
    while (!until.test(last) && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(100); // polling the broker's count until the deadline
      last = b.statistics(channel, sub);
    }
    return last;
  }

  @Test
  void aQueuesBacklogIsItsReadyCountAndEachMethodIsCounted() throws Exception {
    Binding b = binding();
    String name = "stats-" + UUID.randomUUID();
    ChannelSpec q = ChannelSpec.queue(name).build();
    b.provision(q);
    SubscriptionSpec sub = new SubscriptionSpec("s", Filter.none(), 50, StartPosition.LATEST);

    List<Message<byte[]>> batch = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < N; i++) {
      byte[] payload = ("payload-" + i).getBytes(StandardCharsets.UTF_8);
      bytes += payload.length;
      batch.add(Message.builder(payload).id("id-" + i).build());
    }
    for (CompletableFuture<Receipt> r : b.outbound(q).send(batch)) {
      assertThat(r.get(30, TimeUnit.SECONDS).channel()).isEqualTo(name);
    }
    assertThat(traffic.requests(name, BrokerOperation.SEND)).isEqualTo(N);
    assertThat(traffic.bytes(name, BrokerOperation.SEND)).isEqualTo(bytes);

    ChannelStatistics full = await(b, q, sub, s -> s.waiting().orElse(-1) == N);
    assertThat(full.waiting()).hasValue(N);
    assertThat(full.inFlight()).as("AMQP 0-9-1 cannot tell it: unknown, never 0").isEmpty();
    assertThat(traffic.requests(name, BrokerOperation.OTHER)).isPositive();

    AtomicInteger handled = new AtomicInteger();
    Inbound in =
        b.inbound(
            q,
            sub,
            d -> {
              d.ack();
              handled.incrementAndGet();
            });
    resources.add(in);
    ChannelStatistics drained = await(b, q, sub, s -> s.waiting().orElse(-1) == 0);
    assertThat(drained.waiting()).hasValue(0);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (traffic.requests(name, BrokerOperation.SETTLE) < N && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    assertThat(handled).hasValue(N);
    assertThat(traffic.requests(name, BrokerOperation.SETTLE)).isEqualTo(N);
    assertThat(traffic.requests(name, BrokerOperation.RECEIVE)).isZero();
    assertThat(traffic.bytes(name, BrokerOperation.RECEIVE)).isEqualTo(bytes);
  }

  @Test
  void aSendToAQueueThatDoesNotExistFailsNamingTheChannel() throws Exception {
    Binding b = binding();
    String name = "missing-" + UUID.randomUUID();
    ChannelSpec q = ChannelSpec.queue(name).build(); // never provisioned
    CompletableFuture<Receipt> r =
        b.outbound(q).send(List.of(Message.builder(new byte[] {1}).build())).get(0);
    assertThat(r)
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableThat()
        .withMessageContaining(name)
        .withMessageContaining("declare the channel");
  }
}
