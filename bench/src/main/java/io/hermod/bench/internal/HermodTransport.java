package io.hermod.bench.internal;

import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import io.hermod.api.Requester;
import io.hermod.api.Subscription;
import io.hermod.api.SubscriptionOptions;
import io.hermod.core.Hermod;
import io.hermod.spi.observation.MessagingObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The Hermod side: the public API on the fixture's configuration. Not thread-safe. */
final class HermodTransport implements Transport {

  private final Messaging messaging;
  private final Durability durability;
  private final String side;
  private final Runnable onClose;

  HermodTransport(Map<String, String> config) {
    this(config, List.of(), "hermod", () -> {});
  }

  /**
   * Hermod with observers installed.
   *
   * @param config the configuration
   * @param observers the observers
   * @param side the side's name in the report
   * @param onClose what to release after the facade closes
   */
  HermodTransport(
      Map<String, String> config,
      List<MessagingObserver> observers,
      String side,
      Runnable onClose) {
    Hermod.Builder builder = Hermod.builder().config(config);
    observers.forEach(builder::observer);
    messaging = builder.build();
    this.side = side;
    this.onClose = onClose;
    durability =
        messaging.capabilities().supports(Capability.PERSISTENT)
            ? Durability.PERSISTENT
            : Durability.MEMORY;
  }

  @Override
  public String side() {
    return side;
  }

  @Override
  public Channel open(String name, boolean exactlyOnce, Consumer<byte[]> sink) {
    messaging.declare(
        ChannelSpec.queue(name)
            .guarantee(
                exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
            .durability(durability)
            .build());
    Subscription sub =
        messaging.subscribe(name, byte[].class, options(), d -> sink.accept(d.payload()));
    Publisher<byte[]> publisher = messaging.publisher(name, byte[].class);
    return new Channel() {
      @Override
      public CompletableFuture<?> send(byte[] payload, long seq) {
        if (exactlyOnce) {
          return publisher
              .send(Message.builder(payload).key(Payloads.key(seq)).build())
              .toCompletableFuture();
        }
        return publisher.send(payload).toCompletableFuture();
      }

      @Override
      public void close() {
        sub.close();
      }
    };
  }

  @Override
  public Rpc rpc(String name) {
    messaging.declare(ChannelSpec.queue(name).durability(durability).build());
    Subscription responder =
        messaging.respond(name, byte[].class, byte[].class, options(), d -> d.payload());
    Requester<byte[], byte[]> requester =
        messaging.requester(name, byte[].class, byte[].class, Duration.ofSeconds(60));
    return new Rpc() {
      @Override
      public byte[] call(byte[] request) throws Exception {
        return requester.request(request).toCompletableFuture().get(60, TimeUnit.SECONDS);
      }

      @Override
      public void close() {
        requester.close();
        responder.close();
      }
    };
  }

  private static SubscriptionOptions options() {
    // The same fetch depth the raw consumers get (Kafka's max.poll.records default).
    return SubscriptionOptions.builder().prefetch(500).build();
  }

  @Override
  public void close() {
    try {
      messaging.close();
    } finally {
      onClose.run();
    }
  }
}
