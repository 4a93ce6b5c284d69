package io.hermod.binding.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.StartPosition;
import io.hermod.binding.rabbitmq.RabbitMqFixture;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.Inbound;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.support.HostPortList.HostPort;
import io.hermod.spi.support.Settings;
import io.hermod.tck.RecordedTraffic;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hermod.rabbitmq.addresses}: how it is read and combined with {@code uri} (no broker), and
 * against the fixture's node that the client skips a dead address before it.
 */
class RabbitMqAddressesTest {

  private static final String PREFIX = "hermod.rabbitmq.";
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private static Settings settings(Map<String, String> relative) {
    return Settings.of(
        "binding 'rabbitmq'", PREFIX, relative, new RabbitMqBindingProvider().configKeys());
  }

  private static RabbitMqSettings read(Map<String, String> relative) {
    Settings s = settings(relative);
    RabbitMqSettings read = RabbitMqSettings.read(s);
    assertThat(s.problems()).isEmpty();
    return read;
  }

  @Test
  void addressesAreTheNodesInOrderWithTheDefaultPort() {
    RabbitMqSettings s = read(Map.of("addresses", "rabbit-1, rabbit-2:5673,[::1]"));
    assertThat(s.nodes())
        .containsExactly(
            new HostPort("rabbit-1", 5672),
            new HostPort("rabbit-2", 5673),
            new HostPort("::1", 5672));
    assertThat(s.nodesKey()).isEqualTo(RabbitMqSettings.ADDRESSES);
    assertThat(s.virtualHost()).isEqualTo("/");
    assertThat(s.address()).isEqualTo("amqp://rabbit-1:5672,rabbit-2:5673,[::1]:5672/");
  }

  @Test
  void withTlsTheDefaultPortIs5671() {
    assertThat(read(Map.of("addresses", "a,b:1", "tls.enabled", "true")).nodes())
        .containsExactly(new HostPort("a", 5671), new HostPort("b", 1));
  }

  @Test
  void theUriKeepsItsSchemeAndVirtualHostButAddressesReplaceItsHostAndPort() {
    RabbitMqSettings s =
        read(Map.of("uri", "amqps://ignored.example.com:7000/prod", "addresses", "a,b"));
    assertThat(s.nodes()).containsExactly(new HostPort("a", 5671), new HostPort("b", 5671));
    assertThat(s.tls().enabled()).isTrue();
    assertThat(s.virtualHost()).isEqualTo("prod");
    assertThat(read(Map.of("uri", "amqp:///staging", "addresses", "a")).virtualHost())
        .isEqualTo("staging");
  }

  @Test
  void aUriAloneIsOneNodeAsBefore() {
    RabbitMqSettings s = read(Map.of("uri", "amqps://broker:5999/v"));
    assertThat(s.nodes()).containsExactly(new HostPort("broker", 5999));
    assertThat(s.nodesKey()).isEqualTo(RabbitMqSettings.URI_KEY);
    assertThat(read(Map.of("uri", "amqp://broker", "tls.enabled", "true")).nodes())
        .containsExactly(new HostPort("broker", 5672));
    Settings hostless = settings(Map.of("uri", "amqp:///v"));
    RabbitMqSettings.read(hostless);
    assertThat(hostless.problems())
        .containsExactly(
            "hermod.rabbitmq.uri must be an amqp:// or amqps:// URI such as"
                + " amqp://localhost:5672, was 'amqp:///v'");
  }

  @Test
  void neitherUriNorAddressesNamesBoth() {
    Settings s = settings(Map.of());
    RabbitMqSettings.read(s);
    assertThat(s.problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("hermod.rabbitmq.uri is required but not set")
        .contains("or set hermod.rabbitmq.addresses to a cluster's nodes");
  }

  @Test
  void badEntriesFailAtStartNamingTheKeyTheEntryAndTheFix() {
    Settings s = settings(Map.of("addresses", "ok,,bad:port,x:70000"));
    RabbitMqSettings.read(s);
    String fix =
        ": write each node as host or host:port (the port defaults to 5672), separated by"
            + " commas, IPv6 in brackets, e.g. rabbit-1:5672,rabbit-2:5672,[::1]:5672";
    assertThat(s.problems())
        .containsExactly(
            "hermod.rabbitmq.addresses entry 2 of 4 is empty" + fix,
            "hermod.rabbitmq.addresses entry 3 of 4 'bad:port' has a port that is not a number"
                + " ('port')"
                + fix,
            "hermod.rabbitmq.addresses entry 4 of 4 'x:70000' has port 70000, outside 1-65535"
                + fix);
    assertThatThrownBy(s::validate)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.rabbitmq.addresses entry 3 of 4 'bad:port'");
  }

  @Test
  void whenNoNodeAnswersTheErrorNamesTheAddressesKey() throws IOException {
    int dead1 = deadPort();
    int dead2 = deadPort();
    Binding b = binding(Map.of("addresses", "127.0.0.1:" + dead1 + ",127.0.0.1:" + dead2));
    assertThatThrownBy(b::start)
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining(
            "cannot connect to any node of amqp://127.0.0.1:" + dead1 + ",127.0.0.1:" + dead2 + "/")
        .hasMessageContaining("check hermod.rabbitmq.addresses");
  }

  /**
   * The nodes before the live one: a refused port, then one that accepts and hangs up at once (a
   * node going down). The client tries them in order for each of the binding's two connections: the
   * second is reached exactly twice, which a shuffled list would not do every time.
   */
  @Test
  void theClientSkipsDeadAddressesInOrderAndSendAndReceiveWork() throws Exception {
    RabbitMqFixture fixture = RabbitMqFixture.shared();
    int dead = deadPort();
    ServerSocket hangsUp = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    resources.add(hangsUp);
    AtomicInteger accepted = new AtomicInteger();
    Thread acceptor =
        new Thread(
            () -> {
              while (!hangsUp.isClosed()) {
                try (Socket s = hangsUp.accept()) {
                  accepted.incrementAndGet();
                } catch (IOException e) {
                  return; // closed
                }
              }
            },
            "hangs-up");
    acceptor.setDaemon(true);
    acceptor.start();
    Map<String, String> relative = new HashMap<>();
    relative.put(
        "addresses",
        "127.0.0.1:"
            + dead
            + ",127.0.0.1:"
            + hangsUp.getLocalPort()
            + ",127.0.0.1:"
            + fixture.port());
    relative.put("username", RabbitMqFixture.USER);
    relative.put("password", RabbitMqFixture.PASSWORD);
    Binding b = binding(relative);
    b.start();
    assertThat(b.health().isUp()).isTrue();
    assertThat(b.health().detail()).endsWith("(node 127.0.0.1:" + fixture.port() + ")");
    assertThat(accepted).as("the second address, tried once per connection").hasValue(2);

    ChannelSpec q = ChannelSpec.queue("addresses-" + UUID.randomUUID()).build();
    b.provision(q);
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    Inbound in =
        b.inbound(
            q,
            new SubscriptionSpec("s", Filter.none(), 10, StartPosition.LATEST),
            d -> {
              received.add(new String(d.message().payload(), StandardCharsets.UTF_8));
              d.ack();
            });
    resources.add(in);
    b.outbound(q)
        .send(
            List.of(Message.builder("over the live node".getBytes(StandardCharsets.UTF_8)).build()))
        .get(0)
        .get(10, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("over the live node");
    b.decommission(q);
  }

  private Binding binding(Map<String, String> relative) {
    Settings settings = settings(relative);
    Binding b =
        new RabbitMqBindingProvider()
            .create(
                new BindingContext(
                    RabbitMqBindingProvider.NAME,
                    settings,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(5),
                    UUID.randomUUID().toString(),
                    new RecordedTraffic()));
    settings.validate();
    resources.add(b);
    return b;
  }

  /** A port on 127.0.0.1 nothing listens on: connecting to it is refused at once. */
  private static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
