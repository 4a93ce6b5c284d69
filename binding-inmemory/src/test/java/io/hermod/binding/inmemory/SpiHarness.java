package io.hermod.binding.inmemory;

import static io.hermod.binding.inmemory.internal.InMemoryBindingProvider.NAME;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.api.StartPosition;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.observation.BrokerTraffic;
import io.hermod.spi.support.Settings;
import io.hermod.tck.Deadlines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Creates bindings on a broker unique to one test, through the SPI only, and closes them. */
final class SpiHarness implements AutoCloseable {

  final String brokerName = "spi-test-" + UUID.randomUUID();
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  static BindingProvider provider() {
    for (BindingProvider p : ServiceLoader.load(BindingProvider.class)) {
      if (p.name().equals(NAME)) {
        return p;
      }
    }
    throw new AssertionError("no '" + NAME + "' BindingProvider registered");
  }

  /** The context core would hand the provider: settings read through its declared keys. */
  static BindingContext context(Map<String, String> relative, Duration sendTimeout) {
    return context(relative, sendTimeout, BrokerTraffic.NONE);
  }

  /** The same, with the traffic counter core would hand over. */
  static BindingContext context(
      Map<String, String> relative, Duration sendTimeout, BrokerTraffic traffic) {
    return new BindingContext(
        NAME,
        Settings.of(
            "binding '" + NAME + "'", "hermod." + NAME + ".", relative, provider().configKeys()),
        sendTimeout,
        Duration.ofSeconds(5),
        UUID.randomUUID().toString().substring(0, 8),
        traffic);
  }

  /** A started binding on this test's broker, like one Messaging instance. */
  Binding binding() {
    return binding(Map.of(), Duration.ofSeconds(10));
  }

  Binding binding(Map<String, String> extra, Duration sendTimeout) {
    return binding(extra, sendTimeout, BrokerTraffic.NONE);
  }

  /** A started binding on this test's broker that counts its traffic into {@code traffic}. */
  Binding binding(BrokerTraffic traffic) {
    return binding(Map.of(), Duration.ofSeconds(10), traffic);
  }

  Binding binding(Map<String, String> extra, Duration sendTimeout, BrokerTraffic traffic) {
    Map<String, String> settings = new LinkedHashMap<>(extra);
    settings.put("broker", brokerName);
    Binding b = create(context(settings, sendTimeout, traffic));
    b.start();
    open.add(b);
    return b;
  }

  /** Creates a binding as core does: then validates its settings, reporting every problem. */
  static Binding create(BindingContext context) {
    Binding b = provider().create(context);
    context.settings().validate();
    return b;
  }

  Inbound consume(Binding b, ChannelSpec channel, String subscription, int prefetch, Recorder r) {
    return consume(b, channel, sub(subscription, Filter.none(), prefetch, StartPosition.LATEST), r);
  }

  Inbound consume(Binding b, ChannelSpec channel, SubscriptionSpec spec, Recorder r) {
    Inbound in = b.inbound(channel, spec, r);
    open.add(in);
    return in;
  }

  static SubscriptionSpec sub(String name, Filter filter, int prefetch, StartPosition start) {
    return new SubscriptionSpec(name, filter, prefetch, start);
  }

  static Message<byte[]> msg(String body) {
    return Message.builder(body.getBytes(StandardCharsets.UTF_8)).build();
  }

  static Message<byte[]> keyed(String key, int seq) {
    return Message.builder((key + ":" + seq).getBytes(StandardCharsets.UTF_8)).key(key).build();
  }

  static String body(InboundDelivery d) {
    return new String(d.message().payload(), StandardCharsets.UTF_8);
  }

  static Receipt sendOne(Binding b, ChannelSpec channel, Message<byte[]> m) {
    try {
      return b.outbound(channel).send(List.of(m)).get(0).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("send failed: " + e, e);
    }
  }

  static List<String> sendAll(Binding b, ChannelSpec channel, List<Message<byte[]>> batch) {
    List<String> ids = new ArrayList<>();
    b.outbound(channel).send(batch).forEach(f -> ids.add(f.join().messageId()));
    return ids;
  }

  static void await(String what, BooleanSupplier condition) {
    Deadlines.await(what, Duration.ofSeconds(30), condition, () -> "condition still false");
  }

  /** Lets time pass on purpose, to check that something does NOT happen in a window. */
  static void pause(Duration d) {
    Deadlines.pause(d);
  }

  @Override
  public void close() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }
}
