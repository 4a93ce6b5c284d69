package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Health;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * H. Interoperability and security: CloudEvents, TLS, auth, health.
 *
 * <p>Scenarios: H01-H04 and H07 (catalogue: tck/README.md). Each test's display name starts with
 * its id.
 */
interface InteropScenarios extends Scenarios {

  /** How long a build with wrong credentials may take to fail: "fast". */
  Duration AUTH_FAILS_WITHIN = Duration.ofSeconds(10);

  /** How long health may take to turn down after the broker went down. */
  Duration HEALTH_DOWN_WITHIN = Duration.ofSeconds(15);

  @Test
  @Scenario(counts = "CloudEvents attributes lost either way")
  @DisplayName(
      "H01 CloudEvents: a plain client reads Hermod's binary-mode attributes, Hermod reads a plain"
          + " CloudEvent")
  default void cloudEvents() throws Exception {
    TckSupport tck = tck();
    Optional<PlainClient> plain = tck.fixture().plainClient();
    tck.assume(
        plain.isPresent(), "the " + tck.fixture().bindingName() + " fixture has no plain client");
    PlainClient client = tck.closeAfterScenario(plain.get());
    Messaging messaging = tck.messaging();

    String outbound = tck.name("h01");
    messaging.declare(tck.queue(outbound).build());
    Message<String> sent =
        Message.builder("hello, plain client")
            .source("/tck/h01")
            .type("io.hermod.tck.h01.greeting")
            .subject("greeting-1")
            .contentType("text/plain")
            .build();
    Traffic.send(messaging.publisher(outbound, String.class), sent);
    Optional<PlainClient.RawMessage> read = client.receive(outbound, tck.deadline());
    assertThat(read).as("the message read from %s with the plain client", outbound).isPresent();
    Map<String, String> attributes = read.get().cloudEventAttributes();
    assertThat(attributes)
        .as("CloudEvents attributes in the binary-mode headers")
        .containsEntry("specversion", "1.0")
        .containsEntry("id", sent.id())
        .containsEntry("source", sent.source())
        .containsEntry("type", sent.type())
        .containsEntry("datacontenttype", sent.contentType());
    assertThat(new String(read.get().body(), StandardCharsets.UTF_8))
        .as("the body the plain client read")
        .isEqualTo(sent.payload());

    String inbound = tck.name("h01");
    messaging.declare(tck.queue(inbound).build());
    Map<String, Message<String>> received = new ConcurrentHashMap<>();
    messaging.subscribe(inbound, String.class, d -> received.put(d.message().id(), d.message()));
    String id = UUID.randomUUID().toString();
    Map<String, String> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", id);
    event.put("source", "/plain/producer");
    event.put("type", "com.example.plain.event");
    event.put("subject", "order-42");
    event.put("datacontenttype", "text/plain");
    client.sendCloudEvent(inbound, event, "from a plain client".getBytes(StandardCharsets.UTF_8));
    tck.await(
        "the plain client's CloudEvent " + id,
        tck.deadline(),
        () -> received.containsKey(id),
        () -> "received ids " + received.keySet());
    Message<String> m = received.get(id);
    assertThat(m.source()).as("source").isEqualTo("/plain/producer");
    assertThat(m.type()).as("type").isEqualTo("com.example.plain.event");
    assertThat(m.subject()).as("subject").isEqualTo("order-42");
    assertThat(m.payload()).as("payload").isEqualTo("from a plain client");
  }

  @Test
  @Scenario(requires = Capability.TLS, counts = "lost over TLS")
  @DisplayName("H02 TLS: the binding connects over TLS with a test certificate")
  default void tls() throws Exception {
    TckSupport tck = tck();
    Optional<Map<String, String>> tls = tck.fixture().tlsConfig();
    tck.assume(
        tls.isPresent(), "the " + tck.fixture().bindingName() + " fixture has no TLS listener");
    Messaging messaging =
        Bounded.call(
            "building a TLS facade",
            AUTH_FAILS_WITHIN.multipliedBy(3),
            () -> tck.messaging(tls.get()));
    String channel = tck.name("h02");
    messaging.declare(tck.queue(channel).build());
    DeliveryLog log = new DeliveryLog();
    messaging.subscribe(channel, String.class, d -> log.record(d.message().id()));
    List<Message<String>> sent = Traffic.texts("h02", tck.count(20));
    List<String> ids = Traffic.ids(sent);
    Traffic.sendPipelined(messaging.publisher(channel, String.class), sent);
    tck.await(
        "all " + ids.size() + " messages over TLS",
        tck.deadline(),
        () -> log.containsAll(ids),
        () -> log.summary(ids));
  }

  @Test
  @Scenario(
      requires = Capability.AUTH,
      counts = {"slow failures on wrong credentials", "credentials in errors or toString"})
  @DisplayName(
      "H03 auth: wrong credentials fail fast at start; credentials never appear in errors or"
          + " toString")
  default void authentication() throws Exception {
    TckSupport tck = tck();
    Optional<Map<String, String>> wrong = tck.fixture().wrongCredentialsConfig();
    tck.assume(
        wrong.isPresent(),
        "the " + tck.fixture().bindingName() + " fixture has no authenticating listener");
    List<String> wrongSecrets = secrets(wrong.get());
    tck.assume(
        !wrongSecrets.isEmpty(),
        "the wrong-credentials configuration has no password (a key containing password or secret,"
            + " value of 4+ characters)");

    Throwable error;
    String console;
    try (ConsoleCapture capture = ConsoleCapture.start()) {
      error =
          Bounded.failure(
              "building with wrong credentials",
              AUTH_FAILS_WITHIN,
              () -> tck.messaging(wrong.get()));
      console = capture.text();
    }
    String rendered = Causes.render(error);
    for (String secret : wrongSecrets) {
      assertThat(rendered)
          .as("the authentication error with its causes, rendered as a log line would")
          .doesNotContain(secret);
      assertThat(console)
          .as("console logging while starting with wrong credentials")
          .doesNotContain(secret);
    }

    // The right credentials, on a running facade, do not leak either.
    List<String> rightSecrets = secrets(tck.fixture().config());
    Messaging messaging = tck.messaging();
    String shown = messaging.toString() + " " + messaging.health();
    for (String secret : rightSecrets) {
      assertThat(shown).as("Messaging.toString() and health()").doesNotContain(secret);
    }
  }

  /** The values of keys that hold credentials (long enough not to occur by chance). */
  private static List<String> secrets(Map<String, String> config) {
    List<String> secrets = new ArrayList<>();
    config.forEach(
        (k, v) -> {
          String key = k.toLowerCase(Locale.ROOT);
          if ((key.contains("password") || key.contains("secret"))
              && v != null
              && v.length() >= 4) {
            secrets.add(v);
          }
        });
    return secrets;
  }

  @Test
  @Scenario(requires = Capability.HEALTH, counts = "health transitions down and up")
  @DisplayName("H04 health: up with the broker up, down within seconds of it going down, up again")
  default void health() throws Exception {
    TckSupport tck = tck();
    tck.assume(
        tck.fixture().canRestart(),
        "the " + tck.fixture().bindingName() + " fixture cannot restart its broker");
    Messaging messaging = tck.messaging();
    tck.await(
        "health UP with the broker up",
        tck.deadline(),
        () -> messaging.health().isUp(),
        () -> "health " + messaging.health());
    tck.fixture().stopBroker();
    try {
      tck.await(
          "health DOWN after the broker stopped",
          HEALTH_DOWN_WITHIN,
          () -> messaging.health().status() == Health.Status.DOWN,
          () -> "health " + messaging.health());
    } finally {
      tck.fixture().startBroker();
    }
    tck.await(
        "health UP after the broker restarted",
        tck.deadline(),
        () -> messaging.health().isUp(),
        () -> "health " + messaging.health());
  }

  @Test
  @Scenario(
      counts = "attributes lost between the formats, duplicates across formats",
      measures = "duplicates")
  @DisplayName(
      "H07 compact wire format: every attribute survives, a consumer reads both formats, an id"
          + " sent in both is processed once")
  default void compactWireFormat() throws Exception {
    TckSupport tck = tck();
    Optional<Map<String, String>> overrides = tck.fixture().compactWireOverrides();
    tck.assume(
        overrides.isPresent(),
        "the " + tck.fixture().bindingName() + " binding has no compact wire format");
    Messaging standard = tck.messaging();
    Messaging compact = tck.messaging(overrides.get());
    String queue = tck.name("h07");
    ChannelSpec spec = tck.queue(queue).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    standard.declare(spec);
    compact.declare(spec);
    Map<String, Message<String>> received = new ConcurrentHashMap<>();
    AtomicInteger handled = new AtomicInteger();
    // The consumer writes CloudEvents itself: reading compact is not a matter of its own setting.
    standard.subscribe(
        queue,
        String.class,
        d -> {
          handled.incrementAndGet();
          received.put(d.message().id(), d.message());
        });
    List<Message<String>> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Messaging from = i % 2 == 0 ? compact : standard;
      Message<String> m =
          Message.builder("h07 message " + i + " \u00e9\u4e2d")
              .source("/tck/h07")
              .type("io.hermod.tck.h07.event")
              .subject("subject-" + i)
              .time(Instant.parse("2026-12-03T10:11:12.123456789Z").plusSeconds(i))
              .contentType("text/plain; charset=utf-8")
              .key("key-" + (i % 3))
              .correlationId("correlation-" + i)
              .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
              .header("x-h07", "value \u00fc " + i)
              .build();
      Traffic.send(from.publisher(queue, String.class), m);
      sent.add(m);
    }
    // Sent again in the other format: the same id, so exactly-once processes it once.
    Traffic.send(standard.publisher(queue, String.class), sent.get(0));
    Traffic.send(compact.publisher(queue, String.class), sent.get(1));
    tck.await("all 10 messages processed", () -> received.size() == sent.size());
    // Time for a duplicate to show up, had dedup missed one.
    TckSupport.pause(Duration.ofSeconds(1));
    for (Message<String> m : sent) {
      Message<String> got = received.get(m.id());
      assertThat(got).as("message %s", m.id()).isNotNull();
      assertThat(got.payload()).isEqualTo(m.payload());
      assertThat(got.source()).isEqualTo(m.source());
      assertThat(got.type()).isEqualTo(m.type());
      assertThat(got.subject()).isEqualTo(m.subject());
      assertThat(got.time()).isEqualTo(m.time());
      assertThat(got.contentType()).isEqualTo(m.contentType());
      assertThat(got.key()).isEqualTo(m.key());
      assertThat(got.correlationId()).isEqualTo(m.correlationId());
      assertThat(got.headers()).isEqualTo(m.headers());
    }
    tck.measure("duplicates", handled.get() - sent.size());
    assertThat(handled.get()).as("handled, 2 of them sent twice in both formats").isEqualTo(10);
  }
}
