package io.hermod.binding.artemis;

import io.hermod.api.Filter;
import io.hermod.api.StartPosition;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.BrokerTraffic;
import io.hermod.spi.support.Settings;
import io.hermod.tck.Deadlines;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Helpers for tests that drive the binding through the SPI, without core. */
final class SpiSupport {

  static final String PREFIX = "hermod.artemis.";

  private SpiSupport() {}

  /** The provider, found the way core finds it. */
  static BindingProvider provider() {
    return ServiceLoader.load(BindingProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("artemis"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no 'artemis' BindingProvider registered"));
  }

  /**
   * A created, unstarted binding from full {@code hermod.*} keys, with its settings validated after
   * creation as core validates them.
   *
   * @throws io.hermod.api.ConfigurationException on any problem, as core would report it
   */
  static Binding create(Map<String, String> fullConfig, Duration sendTimeout) {
    return create(fullConfig, sendTimeout, BrokerTraffic.NONE);
  }

  /** As {@link #create(Map, Duration)}, counting the binding's requests in {@code traffic}. */
  static Binding create(
      Map<String, String> fullConfig, Duration sendTimeout, BrokerTraffic traffic) {
    Map<String, String> relative = new LinkedHashMap<>();
    fullConfig.forEach(
        (k, v) -> {
          if (k.startsWith(PREFIX)) {
            relative.put(k.substring(PREFIX.length()), v);
          }
        });
    BindingProvider provider = provider();
    Settings settings = Settings.of("binding 'artemis'", PREFIX, relative, provider.configKeys());
    Binding binding =
        provider.create(
            new BindingContext(
                "artemis",
                settings,
                sendTimeout,
                Duration.ofSeconds(5),
                "test-" + UUID.randomUUID(),
                traffic));
    settings.validate();
    return binding;
  }

  /** A started binding on the shared broker. */
  static Binding started() {
    // Generous: these tests are about behaviour, and a loaded machine makes sends slow.
    Binding b = create(ArtemisFixture.shared().config(), Duration.ofSeconds(30));
    b.start();
    return b;
  }

  static String name(String label) {
    return "spi-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static SubscriptionSpec sub(String name, Filter filter, int prefetch) {
    return new SubscriptionSpec(name, filter, prefetch, StartPosition.LATEST);
  }

  /** Polls until {@code condition} holds, failing with {@code detail} after 30 s. */
  static void await(String what, BooleanSupplier condition, Supplier<String> detail) {
    Deadlines.await(what, Duration.ofSeconds(30), condition, detail);
  }

  /** Lets time pass on purpose, to check that something does not happen. */
  static void quietPeriod(Duration d) {
    Deadlines.pause(d);
  }

  /** Records deliveries; acks them unless told otherwise. */
  static final class Collector implements InboundHandler {
    final List<InboundDelivery> deliveries = new CopyOnWriteArrayList<>();
    private final boolean autoAck;

    Collector(boolean autoAck) {
      this.autoAck = autoAck;
    }

    @Override
    public void onDelivery(InboundDelivery delivery) {
      deliveries.add(delivery);
      if (autoAck) {
        delivery.ack();
      }
    }

    List<String> ids() {
      return deliveries.stream().map(d -> d.message().id()).toList();
    }

    List<String> payloads() {
      return deliveries.stream()
          .map(d -> new String(d.message().payload(), java.nio.charset.StandardCharsets.UTF_8))
          .toList();
    }
  }
}
