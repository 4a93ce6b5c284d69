package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Backoff;
import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Confirm;
import io.hermod.api.ConfirmationTimeoutException;
import io.hermod.api.ConfirmedSend;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.ProcessingOutcome;
import io.hermod.api.ProcessingReport;
import io.hermod.api.ProcessingStatus;
import io.hermod.api.Publisher;
import io.hermod.api.SubscriptionOptions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * B09: processing confirmations back to the publisher, on every binding (core does the work; a
 * binding only carries messages and replies).
 *
 * <p>The publisher and the consumers are separate facades, as separate processes would be.
 */
interface ConfirmationScenarios extends Scenarios {

  /** The short deadline of the parts that wait for something that does not happen. */
  Duration SHORT = Duration.ofSeconds(3);

  @Test
  @Scenario(
      counts = {
        "incomplete or inexact reports",
        "pending entries of a running subscription",
        "dead letters not reported",
        "redeliveries counted twice",
        "resends processed twice (EXACTLY_ONCE)",
        "forged confirmations counted"
      },
      measures = {
        "exact_reports_millis",
        "subscription_down_millis",
        "poison_millis",
        "lost_acks_millis",
        "resend_millis",
        "signed_millis"
      })
  @DisplayName(
      "B09 processing confirmations: per subscription processed, dead-lettered or pending;"
          + " redeliveries merged; resends processed once; forged signatures rejected")
  default void processingConfirmations() throws Exception {
    TckSupport tck = tck();
    // Each part's duration is reported (not asserted), to show where a slow broker spends it.
    long start = System.nanoTime();
    everyReportExact(tck);
    start = lap(tck, "exact_reports_millis", start);
    subscriptionDown(tck);
    start = lap(tck, "subscription_down_millis", start);
    poisonReported(tck);
    start = lap(tck, "poison_millis", start);
    lostAckMerged(tck);
    lap(tck, "lost_acks_millis", start);
    // These three each wait out a deadline of seconds for something that must not happen. They
    // have their own channels and facades, so they run side by side: one after the other they
    // cost 9 s of every binding's run.
    Map<String, Part> waiting = new LinkedHashMap<>();
    waiting.put("subscription_down_millis", () -> subscriptionDown(tck));
    if (tck.supports(Capability.EXACTLY_ONCE)) {
      waiting.put("resend_millis", () -> resendProcessedOnce(tck));
    }
    waiting.put("signed_millis", () -> forgedRejected(tck));
    sideBySide(tck, waiting);
  }

  /** A part of B09. */
  @FunctionalInterface
  interface Part {
    void run() throws Exception;
  }

  /**
   * Runs the parts at once, each on a thread of its own, and measures each one's duration. Fails
   * with the first part's failure (in the given order), the other failures added as suppressed.
   */
  private static void sideBySide(TckSupport tck, Map<String, Part> parts) throws Exception {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parts.size(),
            r -> {
              Thread t = new Thread(r, "tck-b09-part");
              t.setDaemon(true);
              return t;
            });
    try {
      Map<String, Future<?>> running = new LinkedHashMap<>();
      for (Map.Entry<String, Part> p : parts.entrySet()) {
        running.put(
            p.getKey(),
            pool.submit(
                () -> {
                  long start = System.nanoTime();
                  p.getValue().run();
                  lap(tck, p.getKey(), start);
                  return null;
                }));
      }
      Throwable first = null;
      long waitMillis = SHORT.plus(tck.deadline()).multipliedBy(4).toMillis();
      for (Future<?> f : running.values()) {
        Throwable failure = null;
        try {
          f.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          failure = e.getCause();
        } catch (TimeoutException e) {
          f.cancel(true);
          failure = e;
        }
        if (failure != null && first == null) {
          first = failure;
        } else if (failure != null) {
          first.addSuppressed(failure);
        }
      }
      if (first instanceof Exception e) {
        throw e;
      }
      if (first instanceof Error e) {
        throw e;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static long lap(TckSupport tck, String name, long start) {
    long now = System.nanoTime();
    tck.measure(name, TimeUnit.NANOSECONDS.toMillis(now - start));
    return now;
  }

  /** 500 messages to a topic with 3 subscriptions: every report complete and exact. */
  private static void everyReportExact(TckSupport tck) throws Exception {
    String channel = tck.name("b09");
    List<String> subs = List.of("billing", "shipping", "audit");
    Messaging consumer = tck.messaging(Map.of("hermod.confirm.instance", "b09-consumer"));
    consumer.declare(tck.topic(channel).build());
    Map<String, DeliveryLog> logs = new LinkedHashMap<>();
    for (String name : subs) {
      DeliveryLog log = new DeliveryLog();
      logs.put(name, log);
      consumer.subscribe(
          channel,
          String.class,
          SubscriptionOptions.named(name),
          d -> log.record(d.message().id()));
    }
    Messaging producer = tck.messaging();
    producer.declare(tck.topic(channel).build());
    Publisher<String> publisher = producer.publisher(channel, String.class);
    Confirm confirm = Confirm.processedBy("billing", "shipping", "audit").within(tck.deadline());
    List<Message<String>> sent = Traffic.texts("b09", tck.count(500));
    List<ConfirmedSend> sends = new ArrayList<>();
    for (Message<String> m : sent) {
      sends.add(publisher.send(m, confirm));
    }
    List<String> inexact = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      String id = sent.get(i).id();
      ProcessingReport r = await(tck, sends.get(i));
      if (!r.messageId().equals(id)
          || !r.channel().equals(channel)
          || !r.outcomes().keySet().equals(new java.util.LinkedHashSet<>(subs))
          || !r.allProcessed()
          || r.receipt() == null) {
        inexact.add(id + ": " + r);
        continue;
      }
      for (ProcessingOutcome o : r.outcomes().values()) {
        if (o.confirmations() != 1
            || o.attempts() != 1
            || !"b09-consumer".equals(o.instance())
            || o.at() == null
            || !o.confirmation().subscription().equals(o.subscription())
            || !o.confirmation().messageId().equals(id)
            || !logs.get(o.subscription()).containsAll(List.of(id))) {
          inexact.add(id + " in " + o.subscription() + ": " + o);
        }
      }
    }
    assertThat(inexact)
        .as(
            "reports of %d messages that are incomplete or say something else than happened",
            sent.size())
        .isEmpty();
  }

  /** One subscription down: its entries pending at the deadline, the others complete. */
  private static void subscriptionDown(TckSupport tck) throws Exception {
    String channel = tck.name("b09-down");
    Messaging consumer = tck.messaging();
    consumer.declare(tck.topic(channel).build());
    for (String name : List.of("billing", "shipping")) {
      consumer.subscribe(channel, String.class, SubscriptionOptions.named(name), d -> {});
    }
    Messaging producer = tck.messaging();
    producer.declare(tck.topic(channel).build());
    Publisher<String> publisher = producer.publisher(channel, String.class);
    warmUp(tck, publisher, "billing", "shipping");
    Confirm confirm = Confirm.processedBy("billing", "shipping", "audit").within(SHORT);
    List<ConfirmedSend> sends = new ArrayList<>();
    for (Message<String> m : Traffic.texts("b09-down", 10)) {
      sends.add(publisher.send(m, confirm));
    }
    ConfirmedSend failing = publisher.send(Message.of("b09-down-fail"), confirm.failOnTimeout());
    for (ConfirmedSend s : sends) {
      ProcessingReport r = await(tck, s);
      assertThat(r.pending()).as("pending subscriptions of %s", r).containsExactly("audit");
      assertThat(r.withStatus(ProcessingStatus.PROCESSED))
          .as("subscriptions that processed %s", r.messageId())
          .containsExactly("billing", "shipping");
    }
    Throwable t =
        Traffic.unwrap(
            org.junit.jupiter.api.Assertions.assertThrows(
                Exception.class,
                () ->
                    failing
                        .toCompletableFuture()
                        .get(SHORT.plus(tck.deadline()).toMillis(), TimeUnit.MILLISECONDS)));
    assertThat(t)
        .as("the failure of a send asking failOnTimeout with subscription audit down")
        .isInstanceOf(ConfirmationTimeoutException.class)
        .hasMessageContaining("audit");
    assertThat(((ConfirmationTimeoutException) t).report().pending()).containsExactly("audit");
  }

  /** A poison message: reported dead-lettered (or dropped, without DLQ) with its error class. */
  private static void poisonReported(TckSupport tck) throws Exception {
    String channel = tck.name("b09-poison");
    boolean deadLetter = tck.supports(Capability.DEAD_LETTER);
    ChannelSpec spec =
        tck.queue(channel)
            .maxDeliveryAttempts(2)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .deadLetter(deadLetter)
            .build();
    Messaging consumer = tck.messaging();
    consumer.declare(spec);
    consumer.subscribe(
        channel,
        String.class,
        d -> {
          if (d.payload().equals("poison")) {
            throw new InjectedFailure("b09 poison " + d.message().id());
          }
        });
    Messaging producer = tck.messaging();
    producer.declare(spec);
    Publisher<String> publisher = producer.publisher(channel, String.class);
    Confirm confirm = Confirm.processed().within(tck.deadline());
    ConfirmedSend poison = publisher.send(Message.of("poison"), confirm);
    ConfirmedSend fine = publisher.send(Message.of("fine"), confirm);
    ProcessingOutcome dead = await(tck, poison).outcome(Confirm.ANY_CONSUMER);
    assertThat(dead.status())
        .as("the poison message's entry: %s", dead)
        .isEqualTo(deadLetter ? ProcessingStatus.DEAD_LETTERED : ProcessingStatus.DROPPED);
    assertThat(dead.errorClass()).as("its error class").isEqualTo(InjectedFailure.class.getName());
    assertThat(dead.attempts()).as("its attempts").isEqualTo(2);
    assertThat(dead.reason()).as("why").isEqualTo("exhausted");
    assertThat(await(tck, fine).allProcessed()).as("the message after the poison").isTrue();
  }

  /**
   * Redeliveries after lost acks: one entry per message, whose attempts are the handler's last
   * attempt and whose confirmation count is the number of times the handler ran.
   */
  private static void lostAckMerged(TckSupport tck) throws Exception {
    String channel = tck.name("b09-lost");
    ChannelSpec spec = tck.queue(channel).maxDeliveryAttempts(20).build();
    Messaging consumer = tck.messagingLosingAcks(0.3);
    consumer.declare(spec);
    AttemptLog attempts = new AttemptLog();
    consumer.subscribe(channel, String.class, d -> attempts.record(d.message().id(), d.attempt()));
    Messaging producer = tck.messaging();
    producer.declare(spec);
    Publisher<String> publisher = producer.publisher(channel, String.class);
    Confirm confirm = Confirm.processed().within(tck.deadline());
    List<Message<String>> sent = Traffic.texts("b09-lost", 40);
    List<ConfirmedSend> sends = new ArrayList<>();
    for (Message<String> m : sent) {
      sends.add(publisher.send(m, confirm));
    }
    for (ConfirmedSend s : sends) {
      await(tck, s);
    }
    // Redeliveries go on after a report completed: each merges into its one entry.
    tck.await(
        "every entry merged with the handler's last attempt",
        tck.deadline(),
        () -> mismatches(sends, attempts).isEmpty(),
        () -> mismatches(sends, attempts).toString());
    TckSupport.pause(PatternScenarios.QUIET);
    assertThat(mismatches(sends, attempts))
        .as("entries that count a redelivery twice or miss it")
        .isEmpty();
    long redelivered = sent.stream().filter(m -> attempts.count(m.id()) > 1).count();
    assertThat(redelivered)
        .as("messages redelivered after a lost ack (of 40, rate 0.3)")
        .isPositive();
  }

  private static List<String> mismatches(List<ConfirmedSend> sends, AttemptLog attempts) {
    List<String> out = new ArrayList<>();
    for (ConfirmedSend s : sends) {
      ProcessingReport r = s.current();
      ProcessingOutcome o = r.outcome(Confirm.ANY_CONSUMER);
      List<Integer> seen = attempts.attempts(r.messageId());
      int last = seen.isEmpty() ? 0 : seen.get(seen.size() - 1);
      if (r.outcomes().size() != 1
          || o.status() != ProcessingStatus.PROCESSED
          || o.attempts() != last
          || o.confirmations() != seen.size()) {
        out.add(r.messageId() + ": handler attempts " + seen + ", entry " + o);
      }
    }
    return out;
  }

  /** Resend on timeout on an exactly-once channel: processed once. */
  private static void resendProcessedOnce(TckSupport tck) throws Exception {
    String channel = tck.name("b09-resend");
    ChannelSpec spec = tck.queue(channel).guarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
    Messaging consumer = tck.messaging();
    consumer.declare(spec);
    AtomicInteger handled = new AtomicInteger();
    Duration within = Duration.ofSeconds(1);
    consumer.subscribe(
        channel,
        String.class,
        d -> {
          if (d.payload().equals("b09-resend")) {
            handled.incrementAndGet();
            TckSupport.pause(within.plusMillis(700)); // slower than the publisher waits
          }
        });
    Messaging producer = tck.messaging();
    producer.declare(spec);
    Publisher<String> publisher = producer.publisher(channel, String.class);
    // The consumer is running (a broker may take seconds to assign it) before the clock starts.
    assertThat(
            await(
                    tck,
                    publisher.send(
                        Message.of("b09-resend-probe"), Confirm.processed().within(tck.deadline())))
                .allProcessed())
        .as("the probe before the resend")
        .isTrue();
    ConfirmedSend s =
        publisher.send(Message.of("b09-resend"), Confirm.processed().within(within).resendUpTo(3));
    ProcessingReport r = await(tck, s);
    assertThat(r.allProcessed()).as("the resent message's report %s", r).isTrue();
    assertThat(r.sends()).as("times it was sent").isGreaterThan(1);
    TckSupport.pause(within.plus(PatternScenarios.QUIET));
    assertThat(handled.get()).as("times the handler processed the resent message").isEqualTo(1);
  }

  /** Signed confirmations: the right key verifies, a wrong one is reported, never processed. */
  private static void forgedRejected(TckSupport tck) throws Exception {
    KeyPair consumerKey = ed25519();
    KeyPair otherKey = ed25519();
    String channel = tck.name("b09-signed");
    Messaging consumer =
        tck.messaging(
            Map.of(
                "hermod.confirm.signing-key",
                Base64.getEncoder().encodeToString(consumerKey.getPrivate().getEncoded())));
    consumer.declare(tck.topic(channel).build());
    for (String name : List.of("billing", "shipping")) {
      consumer.subscribe(channel, String.class, SubscriptionOptions.named(name), d -> {});
    }
    Messaging producer =
        tck.messaging(
            Map.of(
                "hermod.confirm.verify-keys.billing",
                encoded(consumerKey.getPublic()),
                // shipping is expected to sign with another key: its confirmations are forged
                "hermod.confirm.verify-keys.shipping",
                encoded(otherKey.getPublic())));
    producer.declare(tck.topic(channel).build());
    ConfirmedSend s =
        producer
            .publisher(channel, String.class)
            .send(
                Message.of("b09-signed"), Confirm.processedBy("billing", "shipping").within(SHORT));
    ProcessingReport r = await(tck, s);
    assertThat(r.outcome("billing").status())
        .as("billing, signed with its key")
        .isEqualTo(ProcessingStatus.PROCESSED);
    assertThat(r.outcome("shipping").status())
        .as("shipping, signed with a key it is not known by")
        .isEqualTo(ProcessingStatus.UNVERIFIED);
    ProcessingReport stored = ProcessingReport.fromStoredForm(r.toStoredForm());
    assertThat(stored.verify(Map.of("billing", consumerKey.getPublic())))
        .as("problems of the stored report verified later")
        .isEmpty();
  }

  /** Waits until each subscription confirmed a probe: they consume before a short deadline runs. */
  private static void warmUp(TckSupport tck, Publisher<String> publisher, String... subscriptions)
      throws Exception {
    ProcessingReport r =
        await(
            tck,
            publisher.send(
                Message.of("b09-probe"),
                Confirm.processedBy(subscriptions).within(tck.deadline())));
    assertThat(r.allProcessed()).as("the probe %s", r).isTrue();
  }

  private static ProcessingReport await(TckSupport tck, ConfirmedSend s) throws Exception {
    return s.toCompletableFuture()
        .get(SHORT.plus(tck.deadline()).multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
  }

  private static KeyPair ed25519() throws NoSuchAlgorithmException {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  private static String encoded(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }
}
