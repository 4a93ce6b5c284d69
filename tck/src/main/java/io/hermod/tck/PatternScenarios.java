package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.Publisher;
import io.hermod.api.Requester;
import io.hermod.api.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * B. The six patterns: competing consumers, pub/sub, routing, wildcards, header filters, RPC.
 *
 * <p>Scenarios: B01-B08 (catalogue: tck/README.md). Each test's display name starts with its id.
 */
interface PatternScenarios extends Scenarios {

  /** How long "does not happen" checks watch after everything expected arrived. */
  Duration QUIET = Duration.ofMillis(500);

  @Test
  @Scenario(counts = {"lost", "processed twice"})
  @DisplayName("B01 competing consumers: 5 consumers share 5,000 messages, none processed twice")
  default void competingConsumers() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("b01");
    int consumers = 5;
    // Probes (the warm-up) and the counted load are recorded apart: the shares asserted below
    // are shares of the counted load only, so the warm-up cannot give a consumer its share.
    DeliveryLog probes = new DeliveryLog();
    DeliveryLog log = new DeliveryLog();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < consumers; i++) {
      String label = "consumer-" + i;
      labels.add(label);
      Messaging instance = tck.messaging();
      instance.declare(tck.queue(channel).build());
      instance.subscribe(
          channel,
          String.class,
          d ->
              (GroupWarmUp.isProbe("b01-probe", d.message().payload()) ? probes : log)
                  .record(label, d.message().id()));
    }
    Messaging producer = tck.messaging();
    producer.declare(tck.queue(channel).build());
    Publisher<String> publisher = producer.publisher(channel, String.class);
    List<String> probeIds =
        GroupWarmUp.untilEveryConsumerWorks(tck, publisher, "b01-probe", probes, labels);
    List<Message<String>> sent = Traffic.texts("b01", tck.count(5_000));
    List<String> ids = Traffic.ids(sent);
    Traffic.sendPipelined(publisher, sent);

    Progress.awaitAll(tck, "all " + ids.size() + " messages", log, ids);
    TckSupport.pause(QUIET);
    assertThat(log.lost(ids)).as(log.summary(ids)).isEmpty();
    assertThat(log.duplicates())
        .as("messages processed twice although no handler failed (%s)", log.summary(ids))
        .isEmpty();
    assertThat(probes.duplicates())
        .as(
            "probe messages processed twice although no handler failed (%s)",
            probes.summary(probeIds))
        .isEmpty();
    for (String label : labels) {
      assertThat(log.byConsumer().getOrDefault(label, Set.of()))
          .as(
              "the share of %s of the %d messages sent after every consumer had received work"
                  + " (shares: %s; probes received before: %s)",
              label,
              ids.size(),
              GroupWarmUp.shares(log, labels),
              GroupWarmUp.shares(probes, labels))
          .isNotEmpty();
    }
  }

  @Test
  @Scenario(counts = "lost per subscription")
  @DisplayName("B02 publish/subscribe: 3 subscriptions each receive all 500 messages")
  default void publishSubscribe() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("b02");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.topic(channel).build());
    Map<String, DeliveryLog> logs = new LinkedHashMap<>();
    for (String name : List.of("billing", "shipping", "audit")) {
      DeliveryLog log = new DeliveryLog();
      logs.put(name, log);
      messaging.subscribe(
          channel,
          String.class,
          SubscriptionOptions.named(name),
          d -> log.record(name, d.message().id()));
    }
    List<Message<String>> sent = Traffic.texts("b02", tck.count(500));
    List<String> ids = Traffic.ids(sent);
    Traffic.sendPipelined(messaging.publisher(channel, String.class), sent);
    awaitEach(tck, logs, ids);
  }

  private static void awaitEach(TckSupport tck, Map<String, DeliveryLog> logs, List<String> ids) {
    for (Map.Entry<String, DeliveryLog> e : logs.entrySet()) {
      Progress.awaitAll(
          tck, "all " + ids.size() + " messages in subscription " + e.getKey(), e.getValue(), ids);
    }
  }

  @Test
  @Scenario(counts = "lost per subscription (union of its instances)")
  @DisplayName(
      "B03 competing within a subscription: 2 subscriptions x 3 instances, each union complete")
  default void competingWithinSubscription() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("b03");
    List<String> subscriptions = List.of("pricing", "search");
    int instances = 3;
    Map<String, DeliveryLog> logs = new LinkedHashMap<>();
    subscriptions.forEach(s -> logs.put(s, new DeliveryLog()));
    for (int i = 0; i < instances; i++) {
      Messaging instance = tck.messaging();
      instance.declare(tck.topic(channel).build());
      String label = "instance-" + i;
      for (String s : subscriptions) {
        DeliveryLog log = logs.get(s);
        instance.subscribe(
            channel,
            String.class,
            SubscriptionOptions.named(s),
            d -> log.record(label, d.message().id()));
      }
    }
    Messaging producer = tck.messaging();
    producer.declare(tck.topic(channel).build());
    List<Message<String>> sent = Traffic.texts("b03", tck.count(600));
    List<String> ids = Traffic.ids(sent);
    Traffic.sendPipelined(producer.publisher(channel, String.class), sent);

    awaitEach(tck, logs, ids);
    TckSupport.pause(QUIET);
    for (Map.Entry<String, DeliveryLog> e : logs.entrySet()) {
      // Instances of one subscription compete: a message goes to one of them, not to each.
      assertThat(e.getValue().duplicates())
          .as(
              "messages of subscription %s processed by more than one instance although no handler"
                  + " failed (%s)",
              e.getKey(), e.getValue().summary(ids))
          .isEmpty();
    }
  }

  @Test
  @Scenario(counts = {"misrouted", "lost"})
  @DisplayName("B04 routed pub/sub: subscription 'errors' gets only error messages, 'all' gets all")
  default void routedPublishSubscribe() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("b04");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.topic(channel).build());
    DeliveryLog errors = new DeliveryLog();
    DeliveryLog all = new DeliveryLog();
    messaging.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().name("errors").filter(Filter.routingKey("error")).build(),
        d -> errors.record(d.message().id()));
    messaging.subscribe(
        channel, String.class, SubscriptionOptions.named("all"), d -> all.record(d.message().id()));

    List<String> levels = List.of("error", "warn", "info", "error.detail", "errors");
    int n = tck.count(300);
    List<Message<String>> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String level = levels.get(i % levels.size());
      sent.add(Message.builder(level + "-" + i).routingKey(level).build());
    }
    List<String> ids = Traffic.ids(sent);
    List<String> errorIds =
        sent.stream().filter(m -> m.routingKey().equals("error")).map(Message::id).toList();
    Traffic.sendPipelined(messaging.publisher(channel, String.class), sent);

    tck.await(
        "all " + ids.size() + " messages in 'all'",
        tck.deadline(),
        () -> all.containsAll(ids),
        () -> all.summary(ids));
    tck.await(
        "the " + errorIds.size() + " error messages in 'errors'",
        tck.deadline(),
        () -> errors.containsAll(errorIds),
        () -> errors.summary(errorIds));
    TckSupport.pause(QUIET);
    assertThat(Set.copyOf(errors.inOrder()))
        .as("what subscription 'errors' (filter 'error') received")
        .isEqualTo(Set.copyOf(errorIds));
  }

  @Test
  @Scenario(counts = "keys selected wrongly")
  @DisplayName("B05 topic wildcards select exactly the expected keys")
  default void topicWildcards() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("b05");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.topic(channel).build());
    // The expectations are written out, not computed with Filter.matches: the kit checks core.
    List<String> keys =
        List.of(
            "orders.eu.created",
            "orders.us.created",
            "orders.eu.updated",
            "orders",
            "orders.eu",
            "orders.eu.created.late",
            "orders.created",
            "orders.eu.us.created",
            "ordersx.eu.created",
            "order.eu.created",
            "shipping.eu.created",
            "eu.orders.eu.created");
    Set<String> starExpected = Set.of("orders.eu.created", "orders.us.created");
    Set<String> hashExpected =
        Set.of(
            "orders.eu.created",
            "orders.us.created",
            "orders.eu.updated",
            "orders",
            "orders.eu",
            "orders.eu.created.late",
            "orders.created",
            "orders.eu.us.created");
    Map<String, Set<String>> received = new LinkedHashMap<>();
    for (String name : List.of("star", "hash", "all")) {
      received.put(name, ConcurrentHashMap.newKeySet());
    }
    subscribeKeys(messaging, channel, "star", Filter.routingKey("orders.*.created"), received);
    subscribeKeys(messaging, channel, "hash", Filter.routingKey("orders.#"), received);
    subscribeKeys(messaging, channel, "all", Filter.none(), received);

    Traffic.sendPipelined(
        messaging.publisher(channel, String.class),
        keys.stream().map(k -> Message.builder("to " + k).routingKey(k).build()).toList());
    awaitKeys(tck, received, "all", Set.copyOf(keys));
    awaitKeys(tck, received, "star", starExpected);
    awaitKeys(tck, received, "hash", hashExpected);
    TckSupport.pause(QUIET);
    assertThat(new TreeSet<>(received.get("star")))
        .as("routing keys selected by orders.*.created")
        .isEqualTo(new TreeSet<>(starExpected));
    assertThat(new TreeSet<>(received.get("hash")))
        .as("routing keys selected by orders.#")
        .isEqualTo(new TreeSet<>(hashExpected));
  }

  private static void subscribeKeys(
      Messaging messaging,
      String channel,
      String name,
      Filter filter,
      Map<String, Set<String>> received) {
    Set<String> keys = received.get(name);
    messaging.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().name(name).filter(filter).build(),
        d -> keys.add(String.valueOf(d.message().routingKey())));
  }

  private static void awaitKeys(
      TckSupport tck, Map<String, Set<String>> received, String name, Set<String> expected) {
    tck.await(
        "routing keys " + expected + " in subscription " + name,
        tck.deadline(),
        () -> received.get(name).containsAll(expected),
        () -> "received " + new TreeSet<>(received.get(name)));
  }

  @Test
  @Scenario(counts = {"non-matching messages delivered", "matching messages lost"})
  @DisplayName(
      "B06 header filter: a subscription with a header predicate gets only matching messages")
  default void headerFilter() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("b06");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.topic(channel).build());
    Map<String, DeliveryLog> logs = new LinkedHashMap<>();
    Map<String, Filter> filters = new LinkedHashMap<>();
    filters.put("eu", Filter.header("region", "eu"));
    filters.put("eu-gold", Filter.header("region", "eu").andHeader("tier", "gold"));
    filters.put("all", Filter.none());
    for (Map.Entry<String, Filter> f : filters.entrySet()) {
      DeliveryLog log = new DeliveryLog();
      logs.put(f.getKey(), log);
      messaging.subscribe(
          channel,
          String.class,
          SubscriptionOptions.builder().name(f.getKey()).filter(f.getValue()).build(),
          d -> log.record(d.message().id()));
    }
    // region x tier, including near misses: another case, a missing header, an empty value.
    List<Map<String, String>> variants =
        List.of(
            Map.of("region", "eu", "tier", "gold"),
            Map.of("region", "eu", "tier", "silver"),
            Map.of("region", "eu"),
            Map.of("region", "us", "tier", "gold"),
            Map.of("region", "EU", "tier", "gold"),
            Map.of("region", "", "tier", "gold"),
            Map.of("tier", "gold"),
            Map.of("regions", "eu"));
    int rounds = Math.max(1, tck.count(20));
    List<Message<String>> sent = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < variants.size(); v++) {
        sent.add(Message.builder("b06-" + r + "-" + v).headers(variants.get(v)).build());
      }
    }
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("eu", idsWhere(sent, h -> "eu".equals(h.get("region"))));
    expected.put(
        "eu-gold",
        idsWhere(sent, h -> "eu".equals(h.get("region")) && "gold".equals(h.get("tier"))));
    expected.put("all", Traffic.ids(sent));
    Traffic.sendPipelined(messaging.publisher(channel, String.class), sent);

    for (String name : filters.keySet()) {
      tck.await(
          "the " + expected.get(name).size() + " matching messages in subscription " + name,
          tck.deadline(),
          () -> logs.get(name).containsAll(expected.get(name)),
          () -> logs.get(name).summary(expected.get(name)));
    }
    TckSupport.pause(QUIET);
    Map<String, Map<String, String>> headersById =
        sent.stream().collect(Collectors.toMap(Message::id, Message::headers));
    for (String name : List.of("eu", "eu-gold")) {
      List<Map<String, String>> wrong =
          logs.get(name).inOrder().stream()
              .filter(id -> !expected.get(name).contains(id))
              .map(headersById::get)
              .toList();
      assertThat(wrong)
          .as(
              "headers of messages subscription %s (filter %s) should not have received",
              name, filters.get(name))
          .isEmpty();
    }
  }

  private static List<String> idsWhere(
      List<Message<String>> sent, java.util.function.Predicate<Map<String, String>> headers) {
    return sent.stream().filter(m -> headers.test(m.headers())).map(Message::id).toList();
  }

  @Test
  @Scenario(counts = {"wrong replies", "responder timeouts", "late replies delivered"})
  @DisplayName(
      "B07 RPC: 50 concurrent requests get their own replies; no responder times out; a late reply"
          + " is dropped")
  default void requestReply() throws Exception {
    TckSupport tck = tck();
    Messaging server = tck.messaging();

    // 50 concurrent requests from two caller instances: each gets the reply to its own request.
    String channel = tck.name("b07");
    server.declare(tck.queue(channel).build());
    server.respond(
        channel,
        String.class,
        String.class,
        SubscriptionOptions.builder().concurrency(4).build(),
        d -> "re:" + d.payload());
    List<Requester<String, String>> callers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Messaging caller = tck.messaging();
      caller.declare(tck.queue(channel).build());
      callers.add(caller.requester(channel, String.class, String.class, Duration.ofSeconds(30)));
    }
    int n = 50;
    Map<String, CompletableFuture<String>> replies = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String request = "req-" + i;
      replies.put(request, callers.get(i % 2).request(request).toCompletableFuture());
    }
    Map<String, String> wrong = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<String>> e : replies.entrySet()) {
      String reply = e.getValue().get(tck.deadline().toMillis(), TimeUnit.MILLISECONDS);
      if (!reply.equals("re:" + e.getKey())) {
        wrong.put(e.getKey(), reply);
      }
    }
    assertThat(wrong).as("requests that got another request's reply (request -> reply)").isEmpty();

    // No responder: the request fails with a timeout after its timeout.
    String silent = tck.name("b07");
    server.declare(tck.queue(silent).build());
    Duration shortTimeout = Duration.ofSeconds(1);
    Requester<String, String> unanswered =
        server.requester(silent, String.class, String.class, shortTimeout);
    Throwable timeout =
        Traffic.failure(
            "a request to a queue without responder (timeout " + shortTimeout + ")",
            () -> unanswered.request("anyone?"),
            shortTimeout.plus(tck.deadline()));
    assertThat(timeout)
        .as("the error of a request nobody answers")
        .isInstanceOf(MessagingTimeoutException.class);

    // A late reply is dropped, not delivered to the next caller of the same requester.
    String slow = tck.name("b07");
    server.declare(tck.queue(slow).build());
    Duration requestTimeout = Duration.ofSeconds(2);
    Duration slowWork = requestTimeout.plusMillis(500);
    AtomicInteger answered = new AtomicInteger();
    server.respond(
        slow,
        String.class,
        String.class,
        SubscriptionOptions.defaults(),
        d -> {
          if (d.payload().equals("slow")) {
            TckSupport.pause(slowWork); // the responder's work, longer than the caller waits
          }
          answered.incrementAndGet();
          return "re:" + d.payload();
        });
    Messaging caller = tck.messaging();
    caller.declare(tck.queue(slow).build());
    Requester<String, String> requester =
        caller.requester(slow, String.class, String.class, requestTimeout);
    Throwable late =
        Traffic.failure(
            "a request answered after its timeout of " + requestTimeout,
            () -> requester.request("slow"),
            requestTimeout.plus(tck.deadline()));
    assertThat(late)
        .as("the error of a request answered too late")
        .isInstanceOf(MessagingTimeoutException.class);
    // Sent while the late reply is still being computed: it must get its own reply.
    String next =
        requester
            .request("next")
            .toCompletableFuture()
            .get(tck.deadline().toMillis(), TimeUnit.MILLISECONDS);
    assertThat(next).as("the reply to the request after the late one").isEqualTo("re:next");
    assertThat(answered.get()).as("requests the slow responder answered").isEqualTo(2);
    String third =
        requester
            .request("third")
            .toCompletableFuture()
            .get(tck.deadline().toMillis(), TimeUnit.MILLISECONDS);
    assertThat(third).as("the reply to a third request").isEqualTo("re:third");
  }

  @Test
  @Scenario(counts = "earlier messages delivered")
  @DisplayName(
      "B08 late subscription: messages published before a subscription existed are not delivered to"
          + " it")
  default void lateSubscription() throws Exception {
    TckSupport tck = tck();
    String channel = tck.name("b08");
    Messaging messaging = tck.messaging();
    messaging.declare(tck.topic(channel).build());
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    // An earlier subscription proves the early messages were really published and delivered.
    DeliveryLog early = new DeliveryLog();
    messaging.subscribe(
        channel,
        String.class,
        SubscriptionOptions.named("early"),
        d -> early.record(d.message().id()));
    List<Message<String>> before = Traffic.texts("b08-before", tck.count(50));
    List<String> beforeIds = Traffic.ids(before);
    Traffic.sendPipelined(publisher, before);
    tck.await(
        "the early messages in subscription early",
        tck.deadline(),
        () -> early.containsAll(beforeIds),
        () -> early.summary(beforeIds));

    DeliveryLog late = new DeliveryLog();
    messaging.subscribe(
        channel,
        String.class,
        SubscriptionOptions.named("late"),
        d -> late.record(d.message().id()));
    List<Message<String>> after = Traffic.texts("b08-after", tck.count(50));
    List<String> afterIds = Traffic.ids(after);
    Traffic.sendPipelined(publisher, after);
    tck.await(
        "the later messages in subscription late",
        tck.deadline(),
        () -> late.containsAll(afterIds),
        () -> late.summary(afterIds));
    TckSupport.pause(QUIET);
    List<String> replayed = late.inOrder().stream().filter(beforeIds::contains).distinct().toList();
    assertThat(replayed)
        .as(
            "messages published before subscription 'late' existed that it received (of %d)",
            beforeIds.size())
        .isEmpty();
  }
}
