package io.hermod.cli.internal;

import io.hermod.api.Backoff;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.MessagingException;
import io.hermod.api.Publisher;
import io.hermod.api.Requester;
import io.hermod.api.StandardHeaders;
import io.hermod.api.SubscriptionOptions;
import io.hermod.api.UnsupportedCapabilityException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The narrated walk through the six patterns, exactly-once dedup and dead-lettering that {@code
 * hermod demo} runs. Uses only the public API ({@code io.hermod.api} and the {@code Messaging} it
 * is given), as an application would.
 *
 * <p>Output is deterministic: handlers only record what they receive; the narration is printed from
 * the demo's own thread once a step's messages have arrived, in the order they were sent. Not
 * thread-safe; run once.
 */
final class Demo {

  /** How long the RPC step waits for a reply that cannot come. */
  private static final Duration NO_REPLY_TIMEOUT = Duration.ofMillis(500);

  /** How long a busy competing consumer waits for the other to pick up work. */
  private static final Duration SHARE_WAIT = Duration.ofSeconds(5);

  private final Messaging messaging;
  private final PrintWriter out;
  private final String prefix;
  private final Duration stepTimeout;
  private int failedSteps;

  /**
   * Prepares a demo.
   *
   * @param messaging the started facade, closed by the caller
   * @param out where the narration goes
   * @param prefix the prefix of every channel name, keeping runs apart on a shared broker
   * @param stepTimeout how long each step waits for its messages
   */
  Demo(Messaging messaging, PrintWriter out, String prefix, Duration stepTimeout) {
    this.messaging = messaging;
    this.out = out;
    this.prefix = prefix;
    this.stepTimeout = stepTimeout;
  }

  /**
   * Runs every step, narrating.
   *
   * @return how many steps did not complete
   * @throws Exception if a send fails or the demo is interrupted
   */
  int run() throws Exception {
    out.printf(
        "Hermod demo on the '%s' binding: one API, every pattern; swap the broker with --binding.%n",
        messaging.bindingName());
    out.printf(
        "Every channel below is declared in code, on the fly, under the prefix '%s.'.%n", prefix);
    pointToPoint();
    competingConsumers();
    publishSubscribe();
    routedPublishSubscribe();
    topicWildcards();
    rpc();
    exactlyOnce();
    deadLetter();
    out.println();
    if (failedSteps == 0) {
      out.printf("All 8 steps completed on the '%s' binding.%n", messaging.bindingName());
    } else {
      out.printf(
          "%d of 8 steps did not complete on the '%s' binding.%n",
          failedSteps, messaging.bindingName());
    }
    out.flush();
    return failedSteps;
  }

  private void pointToPoint() throws Exception {
    heading(1, "Point-to-point: a queue with one consumer; each message is taken once");
    String channel = declare(ChannelSpec.queue(name("greetings")));
    Inbox inbox = new Inbox();
    messaging.subscribe(channel, String.class, d -> inbox.add("printer", d));
    say("consumer 'printer' subscribes to queue %s", channel);
    List<String> sent = send(channel, List.of("hello", "hola", "hallo"));
    if (arrived(inbox, sent.size())) {
      say("printer received %s", described(inSendOrder(inbox.messages("printer"), sent)));
    }
  }

  private void competingConsumers() throws Exception {
    heading(2, "Competing consumers: two instances of a service share one queue's work");
    String channel = declare(ChannelSpec.queue(name("jobs")));
    Inbox inbox = new Inbox();
    // Each worker holds at most one job (prefetch 1) and stays busy with its first until the
    // other has one too: the queue must hand work to the idle instance, as under real load.
    CountDownLatch bothBusy = new CountDownLatch(2);
    Set<String> started = ConcurrentHashMap.newKeySet();
    SubscriptionOptions oneAtATime =
        SubscriptionOptions.builder().name("workers").concurrency(1).prefetch(1).build();
    for (String worker : List.of("worker-a", "worker-b")) {
      messaging.subscribe(
          channel,
          String.class,
          oneAtATime,
          d -> {
            if (started.add(worker)) {
              bothBusy.countDown();
              bothBusy.await(SHARE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            inbox.add(worker, d);
          });
    }
    say("worker-a and worker-b subscribe to queue %s, each taking one job at a time", channel);
    List<String> jobs = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      jobs.add("job-" + i);
    }
    send(channel, jobs);
    if (arrived(inbox, jobs.size())) {
      List<String> union = new ArrayList<>(payloads(inbox.messages("worker-a")));
      union.addAll(payloads(inbox.messages("worker-b")));
      boolean each = new HashSet<>(union).size() == union.size() && union.containsAll(jobs);
      say(
          "worker-a and worker-b together handled %d of %d jobs, %s",
          union.size(), jobs.size(), each ? "each job exactly once" : "BUT SOME MORE THAN ONCE");
      boolean shared =
          !inbox.messages("worker-a").isEmpty() && !inbox.messages("worker-b").isEmpty();
      say(
          shared
              ? "both workers took a share of the load"
              : "one worker took all the jobs (the broker gave the other none)");
    }
  }

  private void publishSubscribe() throws Exception {
    heading(3, "Publish/subscribe: a topic gives every subscription its own copy");
    String channel = declare(ChannelSpec.topic(name("news")));
    Inbox inbox = new Inbox();
    List<String> subscriptions = List.of("mailer", "archive");
    for (String s : subscriptions) {
      messaging.subscribe(
          channel, String.class, SubscriptionOptions.named(s), d -> inbox.add(s, d));
    }
    say("subscriptions 'mailer' and 'archive' subscribe to topic %s", channel);
    List<String> sent = send(channel, List.of("release 1.0", "release 1.1"));
    if (arrived(inbox, sent.size() * subscriptions.size())) {
      for (String s : subscriptions) {
        say("%-7s received %s", s, described(inSendOrder(inbox.messages(s), sent)));
      }
    }
  }

  private void routedPublishSubscribe() throws Exception {
    heading(4, "Routed pub/sub: a subscription gets only the routing keys it asked for");
    String channel = declare(ChannelSpec.topic(name("logs")));
    Inbox inbox = new Inbox();
    messaging.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder().name("errors").filter(Filter.routingKey("error")).build(),
        d -> inbox.add("errors", d));
    messaging.subscribe(
        channel, String.class, SubscriptionOptions.named("all"), d -> inbox.add("all", d));
    say("subscription 'errors' (routing key error) and 'all' (no filter) on topic %s", channel);
    List<Message<String>> sent =
        List.of(
            Message.builder("disk full").routingKey("error").build(),
            Message.builder("user login").routingKey("info").build(),
            Message.builder("timeout calling billing").routingKey("error").build(),
            Message.builder("cache miss").routingKey("debug").build());
    List<String> payloads = sendMessages(channel, sent);
    if (arrived(inbox, 2 + sent.size())) {
      say("errors received %s", described(inSendOrder(inbox.messages("errors"), payloads)));
      say("all    received %s", described(inSendOrder(inbox.messages("all"), payloads)));
    }
  }

  private void topicWildcards() throws Exception {
    heading(5, "Topic wildcards: '*' matches one word, '#' any number of words");
    String channel = declare(ChannelSpec.topic(name("orders")));
    Inbox inbox = new Inbox();
    Map<String, String> patterns =
        new TreeMap<>(Map.of("created", "orders.*.created", "eu", "orders.eu.#"));
    patterns.forEach(
        (s, pattern) ->
            messaging.subscribe(
                channel,
                String.class,
                SubscriptionOptions.builder().name(s).filter(Filter.routingKey(pattern)).build(),
                d -> inbox.add(s, d)));
    say("subscription 'created' (orders.*.created) and 'eu' (orders.eu.#) on topic %s", channel);
    List<String> keys =
        List.of(
            "orders.eu.created",
            "orders.us.created",
            "orders.eu.shipped",
            "orders.eu.created.late",
            "orders");
    List<Message<String>> sent = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      sent.add(Message.builder("order " + (i + 1)).routingKey(keys.get(i)).build());
    }
    List<String> payloads = sendMessages(channel, sent);
    int expected = 0;
    for (String k : keys) {
      for (String pattern : patterns.values()) {
        expected += Filter.matchesRoutingKey(pattern, k) ? 1 : 0;
      }
    }
    if (arrived(inbox, expected)) {
      for (String s : List.of("created", "eu")) {
        say("%-7s received %s", s, described(inSendOrder(inbox.messages(s), payloads)));
      }
      say("the bare routing key 'orders' matched neither pattern");
    }
  }

  private void rpc() throws Exception {
    heading(6, "RPC: request/reply over a queue, matched by correlation id, with a timeout");
    String channel = declare(ChannelSpec.queue(name("prices")));
    Map<String, String> prices = Map.of("apple", "0.50 EUR", "pear", "0.65 EUR", "fig", "1.20 EUR");
    messaging.respond(
        channel,
        String.class,
        String.class,
        SubscriptionOptions.named("pricing"),
        d -> d.payload() + " costs " + prices.getOrDefault(d.payload(), "nothing (unknown)"));
    say("responder 'pricing' answers on queue %s", channel);
    try (Requester<String, String> requester =
        messaging.requester(channel, String.class, String.class, stepTimeout)) {
      List<String> questions = List.of("apple", "pear", "fig");
      List<CompletableFuture<String>> answers = new ArrayList<>();
      for (String q : questions) {
        answers.add(requester.request(q).toCompletableFuture());
      }
      say("3 requests sent at once; each caller gets its own reply:");
      for (int i = 0; i < questions.size(); i++) {
        try {
          say(
              "  request \"%s\" -> reply \"%s\"",
              questions.get(i), answers.get(i).get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
          fail("no reply to \"" + questions.get(i) + "\": " + e);
          return;
        }
      }
    }
    String nobody = declare(ChannelSpec.queue(name("nobody-answers")));
    try (Requester<String, String> requester =
        messaging.requester(nobody, String.class, String.class, NO_REPLY_TIMEOUT)) {
      CompletableFuture<String> answer = requester.request("anyone?").toCompletableFuture();
      try {
        String reply = answer.get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
        fail("a request to " + nobody + " with no responder got a reply: " + reply);
      } catch (ExecutionException e) {
        say(
            "a request to %s (no responder) failed after its %d ms timeout with %s",
            nobody, NO_REPLY_TIMEOUT.toMillis(), e.getCause().getClass().getSimpleName());
      } catch (TimeoutException e) {
        fail("a request to " + nobody + " with no responder neither answered nor timed out");
      }
    }
  }

  private void exactlyOnce() throws Exception {
    heading(7, "Exactly-once: a producer retry with the same message id is delivered once");
    String channel;
    try {
      channel =
          declare(ChannelSpec.queue(name("payments")).guarantee(DeliveryGuarantee.EXACTLY_ONCE));
    } catch (UnsupportedCapabilityException e) {
      say("skipped: %s", e.getMessage());
      return;
    }
    Inbox inbox = new Inbox();
    messaging.subscribe(channel, String.class, d -> inbox.add("ledger", d));
    say("consumer 'ledger' subscribes to exactly-once queue %s", channel);
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    // One ordering key: per-key order means payment-2 arriving proves the retry came and went.
    Message<String> first =
        Message.builder("charge 10 EUR").id(id("payment-1")).key("customer-7").build();
    Message<String> second =
        Message.builder("charge 25 EUR").id(id("payment-2")).key("customer-7").build();
    for (Message<String> m : List.of(first, first, second)) {
      publisher.send(m).toCompletableFuture().get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    say("sent payment-1 \"charge 10 EUR\", payment-1 again (a retry), payment-2 \"charge 25 EUR\"");
    if (arrived(inbox, 2)) {
      List<String> got = new ArrayList<>();
      for (Inbox.Entry e : inbox.entries()) {
        got.add(
            e.delivery().message().id().substring(prefix.length() + 1)
                + " \""
                + e.delivery().payload()
                + "\"");
      }
      say("ledger received %s", String.join(", ", got));
      say("3 sends, 2 deliveries: the retry of payment-1 was dropped as a duplicate");
    }
  }

  private void deadLetter() throws Exception {
    heading(8, "Dead-lettering: a message that always fails ends up in <channel>.dlq");
    ChannelSpec spec;
    try {
      spec =
          ChannelSpec.queue(name("invoices"))
              .maxDeliveryAttempts(3)
              .backoff(Backoff.fixed(Duration.ofMillis(10)))
              .deadLetter(true)
              .durability(Channels.durability(messaging))
              .build();
      messaging.declare(spec);
    } catch (UnsupportedCapabilityException e) {
      say("skipped: %s", e.getMessage());
      return;
    }
    String channel = spec.name();
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    messaging.subscribe(
        channel,
        String.class,
        d -> {
          attempts.add(d.attempt());
          throw new IllegalStateException("invoice service down");
        });
    Inbox dead = new Inbox();
    messaging.subscribe(spec.deadLetterChannel(), String.class, d -> dead.add("dlq", d));
    say("queue %s: 3 delivery attempts, 10 ms apart; its handler always throws", channel);
    say(
        "IllegalStateException(\"invoice service down\"); a consumer watches %s",
        spec.deadLetterChannel());
    send(channel, List.of("invoice 1001"));
    if (arrived(dead, 1)) {
      Message<String> m = dead.entries().get(0).delivery().message();
      say(
          "the handler saw attempts %s",
          attempts.stream()
              .sorted(Comparator.naturalOrder())
              .map(String::valueOf)
              .collect(Collectors.joining(", ")));
      say(
          "%s received \"%s\" with the failure in its headers:",
          spec.deadLetterChannel(), m.payload());
      new TreeMap<>(m.headers())
          .forEach(
              (k, v) -> {
                // The failure times differ on every run; the demo says the same each time.
                if (k.startsWith("hermod_dlq_")
                    && !k.equals(StandardHeaders.DLQ_FAILED_AT)
                    && !k.equals(StandardHeaders.DLQ_FIRST_FAILED_AT)) {
                  say("  %s = %s", k, v);
                }
              });
      say(
          "  and when it failed first and last: %s, %s",
          StandardHeaders.DLQ_FIRST_FAILED_AT, StandardHeaders.DLQ_FAILED_AT);
      if (!Integer.toString(attempts.size()).equals(m.header(StandardHeaders.DLQ_ATTEMPTS))) {
        fail(
            "the handler ran "
                + attempts.size()
                + " times but the dead letter says "
                + m.header(StandardHeaders.DLQ_ATTEMPTS));
      }
    }
  }

  // --- narration and plumbing -------------------------------------------------------------

  private void heading(int step, String title) {
    out.println();
    out.printf("%d. %s%n", step, title);
    out.flush();
  }

  private void say(String format, Object... args) {
    out.printf("   " + format + "%n", args);
    out.flush();
  }

  private void fail(String problem) {
    failedSteps++;
    say("FAILED: %s", problem);
  }

  private String name(String channel) {
    return prefix + "." + channel;
  }

  private String id(String messageId) {
    return prefix + "/" + messageId;
  }

  private String declare(ChannelSpec.Builder spec) {
    ChannelSpec s = spec.durability(Channels.durability(messaging)).build();
    messaging.declare(s);
    return s.name();
  }

  private List<String> send(String channel, List<String> payloads) throws Exception {
    List<Message<String>> messages = new ArrayList<>();
    for (String p : payloads) {
      messages.add(Message.of(p));
    }
    return sendMessages(channel, messages);
  }

  /** Sends one by one, each confirmed by its receipt, so the send order is the broker's order. */
  private List<String> sendMessages(String channel, List<Message<String>> messages)
      throws Exception {
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    List<String> payloads = new ArrayList<>();
    for (Message<String> m : messages) {
      try {
        publisher.send(m).toCompletableFuture().get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof MessagingException me) {
          throw me;
        }
        throw e;
      }
      payloads.add(m.payload());
    }
    say("sent %s", described(messages));
    return payloads;
  }

  private boolean arrived(Inbox inbox, int n) throws InterruptedException {
    if (inbox.await(n, stepTimeout)) {
      return true;
    }
    fail(
        "expected "
            + n
            + " deliveries within "
            + stepTimeout.toSeconds()
            + " s, got "
            + inbox.size());
    return false;
  }

  /** Received messages in the order their payloads were sent, whatever order they arrived in. */
  private static List<Message<String>> inSendOrder(
      List<Message<String>> received, List<String> sent) {
    List<Message<String>> sorted = new ArrayList<>(received);
    sorted.sort(Comparator.comparingInt(m -> sent.indexOf(m.payload())));
    return sorted;
  }

  private static List<String> payloads(List<Message<String>> messages) {
    return messages.stream().map(Message::payload).toList();
  }

  /** {@code "payload" [routing key]}, comma-separated. */
  private static String described(List<Message<String>> messages) {
    return messages.stream()
        .map(
            m ->
                "\""
                    + m.payload()
                    + "\""
                    + (m.routingKey() == null ? "" : " [" + m.routingKey() + "]"))
        .collect(Collectors.joining(", "));
  }
}
