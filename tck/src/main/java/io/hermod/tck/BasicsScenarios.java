package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.fail;

import io.hermod.api.Backoff;
import io.hermod.api.BindingNotFoundException;
import io.hermod.api.Capability;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.InvalidMessageException;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.MessagingException;
import io.hermod.api.Publisher;
import io.hermod.api.PulledDelivery;
import io.hermod.api.Receipt;
import io.hermod.api.Receiver;
import io.hermod.api.StandardHeaders;
import io.hermod.api.StartPosition;
import io.hermod.api.Subscription;
import io.hermod.api.SubscriptionOptions;
import io.hermod.api.UnsupportedCapabilityException;
import io.hermod.core.Hermod;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.support.ConfigKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A. Basics: configuration, round trips, headers, isolation, receipts, pull, close, concurrency,
 * key holding in pull receivers, start positions, header names.
 *
 * <p>Scenarios: A01-A13 (catalogue: tck/README.md). Each test's display name starts with its id.
 */
interface BasicsScenarios extends Scenarios {

  /** How long a build, declare or close may take before the kit calls it a hang. */
  Duration HANG = Duration.ofSeconds(30);

  /** How many sends each A06 thread keeps in flight; the last ones are left to close(). */
  int A06_WINDOW_PER_THREAD = 16;

  /** The send timeout A07 configures, short so that the failing sends finish quickly. */
  Duration A07_SEND_TIMEOUT = Duration.ofSeconds(2);

  /** What A07 allows beyond the send timeout for the failure to surface. */
  Duration A07_SLACK = Duration.ofSeconds(8);

  @Test
  @Scenario(
      counts = {
        "valid configs failing",
        "errors not naming the bad key or binding",
        "misspelt keys not named with the closest declared one"
      })
  @DisplayName(
      "A01 configuration: a valid config starts, invalid ones fail at start naming the key")
  default void configuration() throws Exception {
    TckSupport tck = tck();
    BrokerFixture fixture = tck.fixture();
    String binding = fixture.bindingName();

    Messaging valid = Bounded.call("building the fixture's configuration", HANG, tck::messaging);
    assertThat(valid.bindingName()).as("the binding selected by hermod.binding").isEqualTo(binding);

    String misspelt = misspell(binding);
    Throwable unknownBinding =
        Bounded.failure(
            "building with hermod.binding=" + misspelt,
            HANG,
            () -> tck.messaging(Map.of("hermod.binding", misspelt)));
    assertThat(unknownBinding)
        .as("an unknown binding name fails with BindingNotFoundException")
        .isInstanceOf(BindingNotFoundException.class)
        .hasMessageContaining("hermod.binding")
        .as("the error suggests the binding '%s' that is on the class path", binding)
        .hasMessageContaining(binding);

    Throwable malformed =
        Bounded.failure(
            "building with hermod.send-timeout=banana",
            HANG,
            () -> tck.messaging(Map.of("hermod.send-timeout", "banana")));
    assertThat(malformed)
        .as("a malformed core value fails with ConfigurationException naming key and value")
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.send-timeout")
        .hasMessageContaining("banana");

    String unknownKey = "hermod." + binding + ".no-such-setting";
    Throwable unknown =
        Bounded.failure(
            "building with the unknown key " + unknownKey,
            HANG,
            () -> tck.messaging(Map.of(unknownKey, "1")));
    assertThat(unknown)
        .as("an unknown key under the binding's prefix fails naming it")
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(unknownKey);

    // Every key the binding declares, misspelt at once: core (not the binding) must reject each,
    // naming it and the declared key it is closest to, in one error.
    List<ConfigKey<?>> declared = declaredKeys(binding);
    Map<String, String> typos = new LinkedHashMap<>();
    for (ConfigKey<?> key : declared) {
      if (key.type() == ConfigKey.Type.PASS_THROUGH) {
        continue;
      }
      String typo = misspell(key.name());
      if (declared.stream().noneMatch(k -> k.covers(typo))) {
        typos.put(typo, key.name());
      }
    }
    Map<String, String> misspeltConfig = new LinkedHashMap<>();
    typos.keySet().forEach(t -> misspeltConfig.put("hermod." + binding + "." + t, "1"));
    Throwable misspeltKeys =
        Bounded.failure(
            "building with every declared key of '" + binding + "' misspelt",
            HANG,
            () -> tck.messaging(misspeltConfig));
    assertThat(misspeltKeys)
        .as("misspelt keys under hermod.%s. fail with ConfigurationException", binding)
        .isInstanceOf(ConfigurationException.class);
    List<String> notNamed = new ArrayList<>();
    typos.forEach(
        (typo, intended) -> {
          String expected =
              "unknown key hermod."
                  + binding
                  + "."
                  + typo
                  + "; did you mean hermod."
                  + binding
                  + "."
                  + intended
                  + "?";
          if (!String.valueOf(misspeltKeys.getMessage()).contains(expected)) {
            notNamed.add(expected);
          }
        });
    assertThat(notNamed)
        .as(
            "every misspelt key named with its closest declared key, all in one error: %s",
            misspeltKeys.getMessage())
        .isEmpty();

    Optional<String> addressKey = fixture.addressKey();
    if (addressKey.isPresent()) {
      Map<String, String> withoutAddress = new LinkedHashMap<>(fixture.config());
      withoutAddress.remove(addressKey.get());
      Throwable missing =
          Bounded.failure(
              "building without " + addressKey.get(),
              HANG,
              () -> Hermod.builder().config(withoutAddress).build());
      assertThat(missing)
          .as("a missing broker address fails with ConfigurationException naming the key")
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(addressKey.get());
    }
  }

  /** The keys the named binding's provider declares. */
  private static List<ConfigKey<?>> declaredKeys(String binding) {
    return ServiceLoader.load(BindingProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(binding))
        .findFirst()
        .map(BindingProvider::configKeys)
        .orElseThrow(() -> new AssertionError("no provider of binding '" + binding + "'"));
  }

  /**
   * A near miss of a binding name that does not contain it, so that finding the real name in the
   * error proves a suggestion (e.g. {@code kafka -> kafak}).
   */
  private static String misspell(String name) {
    int n = name.length();
    if (n >= 2 && name.charAt(n - 1) != name.charAt(n - 2)) {
      return name.substring(0, n - 2) + name.charAt(n - 1) + name.charAt(n - 2);
    }
    return name.substring(0, n - 1) + (name.charAt(n - 1) == 'z' ? 'y' : 'z');
  }

  @Test
  @Scenario(counts = {"lost", "attributes changed"})
  @DisplayName("A02 point-to-point round trip keeps every attribute")
  default void pointToPointRoundTrip() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("a02");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.queue(channel).build());
    int n = tck.count(100);
    Map<String, Message<String>> received = new ConcurrentHashMap<>();
    messaging.subscribe(channel, String.class, d -> received.put(d.message().id(), d.message()));

    Publisher<String> publisher = messaging.publisher(channel, String.class);
    List<Message<String>> sent =
        java.util.stream.IntStream.range(0, n)
            .mapToObj(
                i ->
                    Message.builder("payload-" + i)
                        .key("key-" + (i % 7))
                        .routingKey("orders.eu.created")
                        .header("seq", Integer.toString(i))
                        .contentType("text/plain")
                        .build())
            .toList();
    for (Message<String> m : sent) {
      publisher.send(m).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    tck.await("all " + n + " messages", () -> received.size() == n);
    for (Message<String> m : sent) {
      Message<String> r = received.get(m.id());
      assertThat(r.payload()).isEqualTo(m.payload());
      assertThat(r.key()).isEqualTo(m.key());
      assertThat(r.routingKey()).isEqualTo(m.routingKey());
      assertThat(r.headers()).containsAllEntriesOf(m.headers());
      assertThat(r.contentType()).isEqualTo(m.contentType());
      assertThat(r.source()).isEqualTo(m.source());
      assertThat(r.type()).isEqualTo(m.type());
    }
  }

  @Test
  @Scenario(counts = {"lost", "headers changed"})
  @DisplayName("A03 headers survive: unicode, empty values, 50 headers, long values")
  default void headersSurvive() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("a03");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.queue(channel).build());
    Map<String, Message<String>> received = new ConcurrentHashMap<>();
    messaging.subscribe(channel, String.class, d -> received.put(d.message().id(), d.message()));

    Map<String, String> fifty = new LinkedHashMap<>();
    IntStream.range(0, 50).forEach(i -> fifty.put(String.format("h%02d", i), "value-" + i));
    StringBuilder longValue = new StringBuilder();
    while (longValue.length() < 4096) {
      longValue.append("0123456789abcdef-\u00e9\u00df\u4e2d-");
    }
    List<Message<String>> sent =
        List.of(
            Message.builder("unicode")
                .header("greek", "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac")
                .header("cjk", "\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8")
                .header("emoji", "\uD83D\uDE80 \u2713")
                .header("punctuation", "a=b; c,d \"quoted\" \\ back/slash")
                .build(),
            Message.builder("empty").header("empty", "").header("after_empty", "x").build(),
            Message.builder("fifty").headers(fifty).build(),
            Message.builder("long").header("long", longValue.toString()).build());
    Traffic.sendPipelined(messaging.publisher(channel, String.class), sent);

    tck.await(
        "all " + sent.size() + " messages",
        tck.deadline(),
        () -> received.size() == sent.size(),
        () -> "received " + received.keySet().size() + " of " + sent.size());
    for (Message<String> m : sent) {
      Message<String> r = received.get(m.id());
      assertThat(r.headers())
          .as("headers of the '%s' message", m.payload())
          .containsAllEntriesOf(m.headers());
    }
  }

  @Test
  @Scenario(counts = "messages seen on another channel")
  @DisplayName("A04 channel isolation: consumers of one channel never see another's messages")
  default void channelIsolation() throws Exception {
    TckSupport tck = tck();
    String x = tck.name("a04");
    // Names that share a prefix catch bindings that match channels by prefix or pattern.
    List<String> channels = List.of(x, x + ".more", x + "-more", tck.name("a04"));
    Messaging messaging = tck.messaging();
    int n = tck.count(50);
    Map<String, DeliveryLog> logs = new LinkedHashMap<>();
    Map<String, List<String>> sentIds = new LinkedHashMap<>();
    for (String c : channels) {
      messaging.declare(tck.queue(c).build());
      DeliveryLog log = new DeliveryLog();
      logs.put(c, log);
      messaging.subscribe(c, String.class, d -> log.record(c, d.message().id()));
    }
    for (String c : channels) {
      List<Message<String>> sent = Traffic.texts(c, n);
      sentIds.put(c, Traffic.ids(sent));
      Traffic.sendPipelined(messaging.publisher(c, String.class), sent);
    }
    for (String c : channels) {
      tck.await(
          "all " + n + " messages on " + c,
          tck.deadline(),
          () -> logs.get(c).containsAll(sentIds.get(c)),
          () -> logs.get(c).summary(sentIds.get(c)));
    }
    TckSupport.pause(Duration.ofMillis(500));
    for (String c : channels) {
      List<String> foreign = new ArrayList<>(logs.get(c).inOrder());
      foreign.removeAll(sentIds.get(c));
      assertThat(foreign)
          .as("messages of other channels delivered to consumers of %s", c)
          .isEmpty();
    }
  }

  @Test
  @Scenario(counts = "lost per channel (20 x 100)")
  @DisplayName("A05 many channels at once: 20 channels x 100 messages all complete")
  default void manyChannels() throws Exception {
    TckSupport tck = tck();
    Messaging messaging = tck.messaging();
    int channels = 20;
    int n = tck.count(100);
    List<String> names = new ArrayList<>();
    Map<String, DeliveryLog> logs = new LinkedHashMap<>();
    for (int i = 0; i < channels; i++) {
      String c = tck.name("a05");
      names.add(c);
      messaging.declare(tck.queue(c).build());
      DeliveryLog log = new DeliveryLog();
      logs.put(c, log);
      messaging.subscribe(c, String.class, d -> log.record(d.message().id()));
    }
    Map<String, List<String>> sentIds = new LinkedHashMap<>();
    List<CompletableFuture<Map<String, Receipt>>> sending = new ArrayList<>();
    for (String c : names) {
      List<Message<String>> sent = Traffic.texts(c, n);
      sentIds.put(c, Traffic.ids(sent));
      Publisher<String> p = messaging.publisher(c, String.class);
      sending.add(CompletableFuture.supplyAsync(() -> Traffic.sendPipelined(p, sent)));
    }
    for (CompletableFuture<Map<String, Receipt>> f : sending) {
      f.get(tck.deadline().toMillis() + Traffic.RECEIPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    Progress.await(
        tck,
        "all " + channels + " x " + n + " messages",
        () -> names.stream().mapToInt(c -> logs.get(c).distinct()).sum(),
        () -> names.stream().allMatch(c -> logs.get(c).containsAll(sentIds.get(c))),
        () -> incomplete(names, logs, sentIds));
  }

  private static String incomplete(
      List<String> names, Map<String, DeliveryLog> logs, Map<String, List<String>> sentIds) {
    StringBuilder sb = new StringBuilder();
    for (String c : names) {
      if (!logs.get(c).containsAll(sentIds.get(c))) {
        sb.append(c).append(": ").append(logs.get(c).summary(sentIds.get(c))).append("; ");
      }
    }
    return sb.toString();
  }

  @Test
  @Scenario(counts = "lost after close()")
  @DisplayName("A06 parallel publishers: 10,000 messages from 20 threads, close() flushes, no loss")
  default void parallelPublishers() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("a06");
    int threads = 20;
    int perThread = Math.max(1, tck.count(10_000) / threads);
    int total = threads * perThread;
    Messaging consumer = tck.messaging();
    consumer.declare(tck.queue(channel).build());
    DeliveryLog log = new DeliveryLog();
    consumer.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().concurrency(4).build(),
        d -> log.record(d.message().id()));

    Messaging producer = tck.messaging();
    producer.declare(tck.queue(channel).build());
    Publisher<String> publisher = producer.publisher(channel, String.class);
    List<String> ids = new ArrayList<>(total);
    ConcurrentLinkedQueue<CompletableFuture<Receipt>> receipts = new ConcurrentLinkedQueue<>();
    List<List<Message<String>>> batches = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<Message<String>> batch = Traffic.texts("a06-t" + t, perThread);
      batches.add(batch);
      ids.addAll(Traffic.ids(batch));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> submitted = new ArrayList<>();
      for (List<Message<String>> batch : batches) {
        submitted.add(
            pool.submit(
                () -> {
                  // A bounded window per thread, like a real producer: the scenario is about
                  // thread-safety and flushing, not about how fast a broker confirms.
                  Semaphore window = new Semaphore(A06_WINDOW_PER_THREAD);
                  for (Message<String> m : batch) {
                    if (!window.tryAcquire(tck.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
                      fail(
                          "no receipt for "
                              + A06_WINDOW_PER_THREAD
                              + " sends in "
                              + tck.deadline());
                    }
                    CompletableFuture<Receipt> f = publisher.send(m).toCompletableFuture();
                    f.whenComplete((r, e) -> window.release());
                    receipts.add(f);
                  }
                  return null;
                }));
      }
      // Each send waits at most tck.deadline() for room in its window; this cap is a backstop.
      for (Future<?> f : submitted) {
        f.get(tck.deadline().toMillis() * 10, TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    // Close without waiting for the receipts: close() must flush what was sent.
    Bounded.call(
        "closing the publishing facade",
        tck.deadline(),
        () -> {
          producer.close();
          return null;
        });
    int failed = 0;
    Throwable first = null;
    for (CompletableFuture<Receipt> f : receipts) {
      try {
        f.get(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        fail("a send was still pending 10 s after Messaging.close() returned: close must flush");
      } catch (java.util.concurrent.ExecutionException e) {
        failed++;
        first = first == null ? Traffic.unwrap(e) : first;
      }
    }
    assertThat(failed)
        .as("sends that failed although sent before close() (first: %s)", first)
        .isZero();
    Progress.awaitAll(tck, "all " + total + " messages from " + threads + " threads", log, ids);
    assertThat(log.lost(ids)).as(log.summary(ids)).isEmpty();
  }

  @Test
  @Scenario(counts = {"receipts before acceptance", "failures later than the send timeout"})
  @DisplayName("A07 receipts: after acceptance; a send to an unreachable broker fails in time")
  default void receipts() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("a07");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.queue(channel).build());
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    List<Message<String>> sent = Traffic.texts("a07", tck.count(50));
    for (Message<String> m : sent) {
      Instant before = Instant.now();
      Receipt r = publisher.send(m).toCompletableFuture().get(30, TimeUnit.SECONDS);
      Instant after = Instant.now();
      assertThat(r.binding()).as("receipt binding").isEqualTo(messaging.bindingName());
      assertThat(r.channel()).as("receipt channel").isEqualTo(channel);
      assertThat(r.messageId()).as("receipt message id").isEqualTo(m.id());
      assertThat(r.brokerReference()).as("receipt broker reference").isNotNull();
      // Generous bounds: the broker's clock may stamp the acceptance.
      assertThat(r.acceptedAt())
          .as("receipt acceptedAt")
          .isBetween(before.minusSeconds(5), after.plusSeconds(5));
    }
    // A receipt means the broker holds the message: a consumer started only now gets them all.
    DeliveryLog log = new DeliveryLog();
    messaging.subscribe(channel, String.class, d -> log.record(d.message().id()));
    List<String> ids = Traffic.ids(sent);
    tck.await(
        "every receipted message",
        tck.deadline(),
        () -> log.containsAll(ids),
        () -> log.summary(ids));

    Map<String, String> timeouts =
        Map.of(
            "hermod.send-timeout", A07_SEND_TIMEOUT.toSeconds() + "s",
            "hermod.connect-timeout", A07_SEND_TIMEOUT.toSeconds() + "s");
    Optional<Map<String, String>> unreachable = tck.fixture().unreachableConfig();
    if (unreachable.isPresent()) {
      Map<String, String> config = new LinkedHashMap<>(unreachable.get());
      config.putAll(timeouts);
      sendToUnreachable(tck, config);
      return;
    }
    tck.assume(
        tck.fixture().canRestart(),
        "the "
            + tck.fixture().bindingName()
            + " fixture has neither an unreachable configuration nor a restartable broker");
    Messaging m = tck.messaging(timeouts);
    String stopped = tck.name("a07");
    m.declare(tck.queue(stopped).build());
    Publisher<String> p = m.publisher(stopped, String.class);
    tck.fixture().stopBroker();
    try {
      expectSendFailure(p, "the stopped broker");
    } finally {
      tck.fixture().startBroker();
    }
  }

  private static void sendToUnreachable(TckSupport tck, Map<String, String> config)
      throws Exception {
    Duration bound = A07_SEND_TIMEOUT.plus(A07_SLACK);
    String channel = tck.name("a07");
    Messaging m;
    try {
      m =
          Bounded.call(
              "building a facade for an unreachable broker", bound, () -> tck.messaging(config));
      Bounded.call(
          "declaring a channel on an unreachable broker",
          bound,
          () -> m.declare(tck.queue(channel).build()));
    } catch (ConnectionException e) {
      return; // Failing fast at start or declaration is the better outcome.
    } catch (MessagingException e) {
      throw new AssertionError(
          "expected an unreachable broker to fail the start or declaration with a"
              + " ConnectionException (or the send within hermod.send-timeout), got "
              + e,
          e);
    }
    expectSendFailure(m.publisher(channel, String.class), "an unreachable broker");
  }

  private static void expectSendFailure(Publisher<String> publisher, String where) {
    Duration bound = A07_SEND_TIMEOUT.plus(A07_SLACK);
    Throwable error =
        Traffic.failure(
            "a send to " + where + " with hermod.send-timeout=" + A07_SEND_TIMEOUT,
            () -> publisher.send("to " + where),
            bound);
    assertThat(error).as("the error of a send to %s", where).isInstanceOf(MessagingException.class);
  }

  @Test
  @Scenario(counts = {"receive results before or after the timeout", "redeliveries after nack"})
  @DisplayName(
      "A08 pull model: receive returns a message or empty after its timeout; ack and nack work")
  default void pullModel() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("a08");
    Messaging messaging = tck.messaging();
    messaging.declare(
        tck.queue(channel)
            .maxDeliveryAttempts(5)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .build());
    Receiver<String> receiver =
        tck.closeAfterScenario(
            messaging.receiver(channel, String.class, SubscriptionOptions.defaults()));

    Duration wait = Duration.ofMillis(300);
    long start = System.nanoTime();
    Optional<PulledDelivery<String>> none = receiver.receive(wait);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    assertThat(none).as("receive on an empty queue").isEmpty();
    assertThat(waited)
        .as("receive(%s) on an empty queue returned empty only after its timeout", wait)
        .isGreaterThanOrEqualTo(wait.minusMillis(50));

    Duration nackDelay = Duration.ofMillis(300);
    List<String> payloads = List.of("ack", "nack", "nack-delay");
    Traffic.sendPipelined(
        messaging.publisher(channel, String.class),
        payloads.stream().map(p -> Message.builder(p).build()).toList());

    Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
    Map<String, Long> nackedAt = new ConcurrentHashMap<>();
    Map<String, Long> redeliveredAfter = new ConcurrentHashMap<>();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    long end = System.nanoTime() + tck.deadline().toNanos();
    while (acked.size() < payloads.size() && System.nanoTime() < end) {
      Optional<PulledDelivery<String>> got = receiver.receive(Duration.ofMillis(500));
      if (got.isEmpty()) {
        continue;
      }
      PulledDelivery<String> d = got.get();
      String p = d.payload();
      attempts.computeIfAbsent(p, k -> new ArrayList<>()).add(d.attempt());
      boolean first = attempts.get(p).size() == 1;
      if (p.equals("ack") || !first) {
        if (nackedAt.containsKey(p)) {
          redeliveredAfter.put(p, System.nanoTime() - nackedAt.get(p));
        }
        d.ack();
        acked.add(p);
      } else if (p.equals("nack")) {
        nackedAt.put(p, System.nanoTime());
        d.nack();
      } else {
        nackedAt.put(p, System.nanoTime());
        d.nack(nackDelay);
      }
    }
    assertThat(acked)
        .as("payloads pulled and acked (attempts seen: %s)", attempts)
        .containsExactlyInAnyOrderElementsOf(payloads);
    assertThat(receiver.receive(Duration.ofMillis(500)))
        .as("a delivery after every message was acked")
        .isEmpty();
    assertThat(attempts)
        .as("delivery attempts per payload")
        .containsEntry("ack", List.of(1))
        .containsEntry("nack", List.of(1, 2))
        .containsEntry("nack-delay", List.of(1, 2));
    assertThat(Duration.ofNanos(redeliveredAfter.get("nack-delay")))
        .as("redelivery after nack(%s)", nackDelay)
        .isGreaterThanOrEqualTo(nackDelay.minusMillis(50));
  }

  @Test
  @Scenario(counts = {"deliveries after close", "threads left running"})
  @DisplayName(
      "A09 close: a closed subscription stops promptly, closing Messaging releases its threads")
  default void close() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("a09");
    // Declaring through the kit first starts its shared probe, whose threads are not ours.
    var spec = tck.queue(channel).build();
    Set<Thread> before = HermodThreads.live();
    Messaging first = tck.messaging();
    first.declare(spec);
    int n = 20;
    DeliveryLog started = new DeliveryLog();
    DeliveryLog processed = new DeliveryLog();
    AtomicInteger running = new AtomicInteger();
    Subscription subscription =
        first.subscribe(
            channel,
            String.class,
            d -> {
              running.incrementAndGet();
              started.record(d.message().id());
              try {
                TckSupport.pause(Duration.ofMillis(200)); // the handler's work
                processed.record("first", d.message().id());
              } finally {
                running.decrementAndGet();
              }
            });
    List<Message<String>> sent = Traffic.texts("a09", n);
    List<String> ids = Traffic.ids(sent);
    Traffic.sendPipelined(first.publisher(channel, String.class), sent);
    tck.await("the first handler to start", () -> started.total() >= 1);
    Set<Thread> ours = HermodThreads.live();
    ours.removeAll(before);
    assertThat(ours)
        .as(
            "threads named %s* started by the facade while its handler runs (the kit checks"
                + " that close() ends them; core and bindings name their threads so)",
            HermodThreads.PREFIX)
        .isNotEmpty();

    Bounded.call(
        "Subscription.close()",
        HANG,
        () -> {
          subscription.close();
          return null;
        });
    int startedAtClose = started.total();
    assertThat(running.get())
        .as("handlers still running after Subscription.close() returned")
        .isZero();
    TckSupport.pause(Duration.ofSeconds(1));
    assertThat(started.total())
        .as("handler calls started after Subscription.close() returned")
        .isEqualTo(startedAtClose);

    Bounded.call(
        "Messaging.close()",
        HANG,
        () -> {
          first.close();
          return null;
        });
    tck.await(
        "every hermod-* thread the closed facade started to end",
        Duration.ofSeconds(10),
        () -> HermodThreads.stillAlive(ours).isEmpty(),
        () -> "still alive: " + HermodThreads.stillAlive(ours));

    // What the closed subscription did not process went back to the broker.
    Messaging second = tck.messaging();
    second.declare(spec);
    second.subscribe(channel, String.class, d -> processed.record("second", d.message().id()));
    tck.await(
        "every message processed by the closed or the new subscription",
        tck.deadline(),
        () -> processed.containsAll(ids),
        () -> processed.summary(ids));
  }

  @Test
  @Scenario(counts = "handlers running at once (at most N, and N)")
  @DisplayName("A10 concurrency N runs at most N handlers at once, and N when work is available")
  default void concurrency() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("a10");
    int limit = 4;
    int n = Math.max(10 * limit, tck.count(40));
    Messaging messaging = tck.messaging();
    messaging.declare(tck.queue(channel).build());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch allRunning = new CountDownLatch(limit);
    DeliveryLog log = new DeliveryLog();
    messaging.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().concurrency(limit).build(),
        d -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            allRunning.countDown();
            // Hold the first handlers until N run together (bounded, so a failure cannot hang).
            allRunning.await(10, TimeUnit.SECONDS);
            TckSupport.pause(Duration.ofMillis(5)); // the handler's work, so that calls overlap
          } finally {
            running.decrementAndGet();
            log.record(d.message().id());
          }
        });
    List<Message<String>> sent = Traffic.texts("a10", n);
    List<String> ids = Traffic.ids(sent);
    Traffic.sendPipelined(messaging.publisher(channel, String.class), sent);
    tck.await(
        limit + " handlers running at once",
        tck.deadline(),
        () -> allRunning.getCount() == 0,
        () -> "at most " + peak.get() + " ran at once");
    tck.await(
        "all " + n + " messages",
        tck.deadline(),
        () -> log.containsAll(ids),
        () -> log.summary(ids));
    assertThat(peak.get())
        .as("most handlers running at once with concurrency %d", limit)
        .isEqualTo(limit);
  }

  @Test
  @Scenario(
      requires = {Capability.ORDERED, Capability.EXACTLY_ONCE},
      counts = {"same-key deliveries while one is unsettled", "redelivery order after nack"})
  @DisplayName(
      "A11 a pull receiver holds a key while one of its deliveries is unsettled, then redelivers"
          + " it first")
  default void pullReceiverHoldsKey() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("a11");
    Messaging messaging = tck.messaging();
    messaging.declare(
        tck.queue(channel)
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .maxDeliveryAttempts(5)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .build());
    Receiver<String> receiver =
        tck.closeAfterScenario(
            messaging.receiver(
                channel, String.class, SubscriptionOptions.builder().prefetch(10).build()));
    Message<String> m1 = Message.builder("a11-m1").key("held").build();
    Message<String> m2 = Message.builder("a11-m2").key("held").build();
    Message<String> other = Message.builder("a11-other").key("free").build();
    Traffic.sendInOrder(messaging.publisher(channel, String.class), List.of(m1, m2, other));
    List<String> heldKeyOrder = new ArrayList<>();
    List<String> otherKey = new ArrayList<>();

    PulledDelivery<String> first = receiveOfKey(tck, receiver, "held", otherKey);
    heldKeyOrder.add(first.message().id());
    assertThat(first.message().id()).as("the first delivery of key 'held' (m1)").isEqualTo(m1.id());
    // With m1 unsettled, m2 (sent, receipted, of the same key) must not be handed out.
    long holdEnd = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    List<String> returnedWhileHeld = new ArrayList<>();
    while (System.nanoTime() < holdEnd) {
      Optional<PulledDelivery<String>> got = receiver.receive(Duration.ofMillis(200));
      if (got.isEmpty()) {
        continue;
      }
      if ("held".equals(got.get().message().key())) {
        returnedWhileHeld.add(got.get().message().id());
        heldKeyOrder.add(got.get().message().id());
        break;
      }
      otherKey.add(got.get().message().id());
      got.get().ack();
    }
    assertThat(returnedWhileHeld)
        .as("deliveries of key 'held' returned while m1 (%s) was unsettled", m1.id())
        .isEmpty();

    first.nack();
    PulledDelivery<String> again = receiveOfKey(tck, receiver, "held", otherKey);
    heldKeyOrder.add(again.message().id());
    again.ack();
    PulledDelivery<String> next = receiveOfKey(tck, receiver, "held", otherKey);
    heldKeyOrder.add(next.message().id());
    next.ack();
    assertThat(heldKeyOrder)
        .as(
            "deliveries of key 'held' in the order returned (m1=%s, nacked once; m2=%s)",
            m1.id(), m2.id())
        .containsExactly(m1.id(), m1.id(), m2.id());
    assertThat(again.attempt()).as("attempt of m1 after its nack").isEqualTo(2);
  }

  /** Receives until a delivery of {@code key} comes; deliveries of other keys are acked. */
  private static PulledDelivery<String> receiveOfKey(
      TckSupport tck, Receiver<String> receiver, String key, List<String> others) {
    long end = System.nanoTime() + tck.deadline().toNanos();
    while (System.nanoTime() < end) {
      Optional<PulledDelivery<String>> got = receiver.receive(Duration.ofMillis(200));
      if (got.isEmpty()) {
        continue;
      }
      if (key.equals(got.get().message().key())) {
        return got.get();
      }
      others.add(got.get().message().id());
      got.get().ack();
    }
    return fail("no delivery of key '" + key + "' within " + tck.deadline());
  }

  @Test
  @Scenario(
      without = Capability.REPLAY,
      counts = "EARLIEST subscriptions that start instead of failing")
  @DisplayName(
      "A12 asking for EARLIEST on a topic of a binding without REPLAY fails at subscribe,"
          + " never starts at the latest")
  default void earliestWithoutReplayFails() {
    TckSupport tck = tck();
    String channel = tck.name("a12");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.topic(channel).build());
    SubscriptionOptions push =
        SubscriptionOptions.builder().name("push").startPosition(StartPosition.EARLIEST).build();
    SubscriptionOptions pull =
        SubscriptionOptions.builder().name("pull").startPosition(StartPosition.EARLIEST).build();

    Throwable onSubscribe =
        catchThrowable(
            () ->
                tck.closeAfterScenario(messaging.subscribe(channel, String.class, push, d -> {})));
    Throwable onReceiver =
        catchThrowable(
            () -> tck.closeAfterScenario(messaging.receiver(channel, String.class, pull)));

    Map<String, Throwable> outcomes = new LinkedHashMap<>();
    outcomes.put("subscribe", onSubscribe);
    outcomes.put("receiver", onReceiver);
    for (Map.Entry<String, Throwable> e : outcomes.entrySet()) {
      assertThat(e.getValue())
          .as("%s(EARLIEST) on topic %s of a binding without REPLAY", e.getKey(), channel)
          .isInstanceOf(UnsupportedCapabilityException.class);
      UnsupportedCapabilityException u = (UnsupportedCapabilityException) e.getValue();
      assertThat(u.capability())
          .as("the capability %s's exception names", e.getKey())
          .isEqualTo(Capability.REPLAY);
      assertThat(u.channel()).as("the channel %s's exception names", e.getKey()).isEqualTo(channel);
    }
  }

  @Test
  @Scenario(counts = {"lost", "headers or fields changed", "reserved names accepted (18 cases)"})
  @DisplayName(
      "A13 header names: awkward names round-trip unchanged, names reserved for the wire are"
          + " refused at send, none is lost or changes the message")
  default void headerNames() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("a13");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.queue(channel).build());
    Map<String, Message<String>> received = new ConcurrentHashMap<>();
    messaging.subscribe(channel, String.class, d -> received.put(d.message().id(), d.message()));
    Publisher<String> publisher = messaging.publisher(channel, String.class);

    // Names an application may use: each must arrive exactly as sent, value included.
    Map<String, String> awkward = new LinkedHashMap<>();
    awkward.put("with space", "v1");
    awkward.put("\u00fcn\u00efc\u00f6d\u00e9-\u540d\u524d", "\u2713");
    awkward.put("n".repeat(300), "long name");
    awkward.put("dotted.name.here", "v2");
    awkward.put("dash-name", "v3");
    awkward.put("x-ce_id", "looks like a wire name");
    awkward.put("Mixed_Case", "v4");
    awkward.put("9starts-with-digit", "v5");
    awkward.put("empty-value", "");
    awkward.put("ce", "not a prefix");
    awkward.put("content-type-x", "v6");
    awkward.put(StandardHeaders.DLQ_REASON, "forwarded dead letter");
    Message<String> allowed =
        Message.builder("a13-allowed").key("k").routingKey("a.b").headers(awkward).build();
    Traffic.send(publisher, allowed);

    // Names the wire owns: each send is refused, naming the header, before the broker.
    List<String> reserved =
        List.of(
            "ce_id",
            "ce_type",
            "ce_hermodexpiresat",
            "ce_hermoddeliverat",
            "ce_hermodroutingkey",
            "ce_hermodcorrelationid",
            "cloudEvents_id",
            "cloudEvents_hermodexpiresat",
            "cloudEvents:type",
            "content-type",
            "Content-Type",
            "JMSXGroupID",
            "JMSCorrelationID",
            "_AMQ_DUPL_ID",
            "hermod_kafka_retry_for",
            "hermod_kafka_delivery_count",
            "hermod.headers",
            "AWS.TraceHeader");
    List<String> refusedIds = new ArrayList<>();
    for (String name : reserved) {
      Message<String> m =
          Message.builder("a13-reserved")
              .header(name, name.contains("expiresat") ? "2000-01-01T00:00:00Z" : "4")
              .build();
      refusedIds.add(m.id());
      Throwable t =
          Traffic.failure(
              "a send with header '" + name + "'", () -> publisher.send(m), Traffic.RECEIPT_WAIT);
      assertThat(t)
          .as("the error of a send with the reserved header '%s'", name)
          .isInstanceOf(InvalidMessageException.class)
          .hasMessageContaining("[" + name + "]")
          .hasMessageContaining("reserved for the wire");
      assertThat(((MessagingException) t).channel()).isEqualTo(channel);
    }
    // A sentinel after them all: once it has arrived, anything refused had its chance to show up.
    Message<String> sentinel = Message.builder("a13-sentinel").build();
    Traffic.send(publisher, sentinel);

    tck.await(
        "the allowed message and the sentinel",
        tck.deadline(),
        () -> received.containsKey(allowed.id()) && received.containsKey(sentinel.id()),
        () -> "received " + received.keySet());
    TckSupport.pause(Duration.ofMillis(500));
    Message<String> r = received.get(allowed.id());
    assertThat(r.headers()).as("headers of the message with awkward names").isEqualTo(awkward);
    assertThat(r.key()).isEqualTo("k");
    assertThat(r.routingKey()).isEqualTo("a.b");
    assertThat(r.correlationId()).isNull();
    assertThat(r.expiresAt()).isNull();
    assertThat(r.payload()).isEqualTo("a13-allowed");
    assertThat(received.keySet())
        .as("refused messages never delivered")
        .doesNotContainAnyElementsOf(refusedIds);
    assertThat(received).hasSize(2);
  }
}
