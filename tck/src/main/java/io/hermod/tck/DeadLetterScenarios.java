package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.Backoff;
import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.DeadLetter;
import io.hermod.api.DeadLetterFilter;
import io.hermod.api.DeadLetterPage;
import io.hermod.api.DeadLetterResult;
import io.hermod.api.DeadLetters;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.MessagingException;
import io.hermod.api.Publisher;
import io.hermod.api.StandardHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * D06: the dead-letter tools ({@code Messaging.deadLetters}) on the binding's real broker.
 *
 * <p>The catalogue row is in tck/README.md. Runs on an exactly-once channel where the binding has
 * them (the hard case: a redriven message must not be swallowed as a duplicate of its failed first
 * send, and a redrive repeated after an interruption must not duplicate), else at-least-once.
 */
interface DeadLetterScenarios extends Scenarios {

  /** A second kind of failure, which the redrive's error-class filter must leave alone. */
  final class OtherFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OtherFailure(String message) {
      super(message);
    }
  }

  @Test
  @Scenario(
      requires = Capability.DEAD_LETTER,
      counts = {
        "dead letters consumed by browsing",
        "purged outside the filter",
        "lost after an interrupted redrive",
        "processed twice (exactly-once)",
        "left in the dead-letter queue"
      },
      measures = "redrive_duplicates")
  @DisplayName("D06 dead letters can be browsed, redriven and purged")
  default void deadLettersCanBeBrowsedRedrivenAndPurged() {
    TckSupport tck = tck();
    String channel = tck.name("d06");
    boolean exactlyOnce = tck.supports(Capability.EXACTLY_ONCE);
    ChannelSpec spec =
        tck.queue(channel)
            .guarantee(
                exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
            .maxDeliveryAttempts(2)
            .backoff(Backoff.fixed(Duration.ofMillis(20)))
            .deadLetter(true)
            .build();
    Messaging messaging = tck.messaging();
    messaging.declare(spec);
    AtomicBoolean fixed = new AtomicBoolean();
    DeliveryLog processed = new DeliveryLog();
    Map<String, Integer> firstAttempt = new ConcurrentHashMap<>();
    Map<String, String> redriveCount = new ConcurrentHashMap<>();
    messaging.subscribe(
        channel,
        String.class,
        d -> {
          String payload = d.message().payload();
          if (!fixed.get()) {
            if (payload.startsWith("d06-other")) {
              throw new OtherFailure("d06 other failure attempt " + d.attempt());
            }
            throw new InjectedFailure("d06 stock service down, attempt " + d.attempt());
          }
          firstAttempt.putIfAbsent(d.message().id(), d.attempt());
          String count = d.message().header(StandardHeaders.REDRIVE_COUNT);
          redriveCount.putIfAbsent(d.message().id(), count == null ? "none" : count);
          processed.record(d.message().id());
        });
    int n = 50;
    List<Message<String>> poison = Traffic.texts("d06-poison", n);
    List<Message<String>> other = Traffic.texts("d06-other", 10);
    Publisher<String> publisher = messaging.publisher(channel, String.class);
    Traffic.sendPipelined(publisher, poison);
    Traffic.sendPipelined(publisher, other);
    List<String> poisonIds = Traffic.ids(poison);
    List<String> otherIds = Traffic.ids(other);

    DeadLetters dead = messaging.deadLetters(channel);
    assertThat(dead.deadLetterChannel()).isEqualTo(spec.deadLetterChannel());
    tck.await(
        "all " + (n + 10) + " messages in " + dead.deadLetterChannel(),
        tck.deadline(),
        () -> dead.count(DeadLetterFilter.all()) == n + 10,
        () -> dead.count(DeadLetterFilter.all()) + " dead letters");

    // Browse: two pages of the injected failures, with what failed and why; nothing consumed.
    DeadLetterFilter injected =
        DeadLetterFilter.builder().errorClass(InjectedFailure.class.getName()).build();
    DeadLetterPage first = dead.browse(injected, 0, 30);
    DeadLetterPage second = dead.browse(injected, 30, 30);
    assertThat(first.letters()).as("first page").hasSize(30);
    assertThat(first.hasMore()).as("first page has more").isTrue();
    assertThat(second.letters()).as("second page").hasSize(n - 30);
    assertThat(second.hasMore()).as("second page has more").isFalse();
    Set<String> browsed = new HashSet<>();
    first.letters().forEach(l -> browsed.add(l.id()));
    second.letters().forEach(l -> browsed.add(l.id()));
    assertThat(browsed).as("ids browsed with the error-class filter").hasSameElementsAs(poisonIds);
    DeadLetter letter = dead.find(poisonIds.get(7)).orElseThrow();
    assertThat(letter.channel()).as("original channel").isEqualTo(channel);
    assertThat(letter.reason()).as("reason").isEqualTo("exhausted");
    assertThat(letter.attempts()).as("attempts").isEqualTo(2);
    assertThat(letter.errorMessage()).as("last error").contains("attempt 2");
    assertThat(letter.lastFailedAt()).as("last failure time").isNotNull();
    assertThat(letter.firstFailedAt()).as("first failure time").isEqualTo(letter.lastFailedAt());
    assertThat(letter.payloadPreview()).as("payload preview").isEqualTo(poison.get(7).payload());
    assertThat(dead.count(DeadLetterFilter.all()))
        .as("dead letters after browsing (browsing must not consume)")
        .isEqualTo(n + 10);

    // Purge only what the filter selects: 4 of the 10 other failures, by id.
    DeadLetterResult purged =
        dead.purge(
            DeadLetterFilter.builder()
                .errorClass(OtherFailure.class.getName())
                .ids(otherIds.subList(0, 4))
                .build());
    assertThat(purged).as("purge result").isEqualTo(new DeadLetterResult(4, 4, 0));
    assertThat(dead.count(DeadLetterFilter.all()))
        .as("dead letters after purging 4 (the rest must stay)")
        .isEqualTo(n + 6);

    // The handler is fixed. A redrive through a second facade closed midway, right after the broker
    // confirmed its first batch on the channel and before those were removed from the DLQ.
    fixed.set(true);
    Messaging interrupted = tck.messaging();
    interrupted.declare(spec);
    DeadLetters viaInterrupted = interrupted.deadLetters(channel);
    List<Integer> progress = new ArrayList<>();
    assertThatThrownBy(
            () ->
                viaInterrupted.redrive(
                    injected,
                    (done, selected) -> {
                      progress.add(done);
                      if (done > 0) {
                        interrupted.close();
                      }
                    }))
        .as("a redrive whose messaging is closed midway")
        .isInstanceOf(MessagingException.class);
    assertThat(progress).as("progress before the interruption").contains(0);

    DeadLetterResult rest = dead.redrive(injected);
    assertThat(rest.failed()).as("dead letters the second redrive could not redrive").isZero();
    tck.await(
        "all " + n + " redriven messages processed",
        tck.deadline(),
        () -> processed.containsAll(poisonIds),
        () -> processed.summary(poisonIds));
    TckSupport.pause(Duration.ofSeconds(1));
    assertThat(processed.lost(poisonIds)).as("lost after an interrupted redrive").isEmpty();
    tck.measure("redrive_duplicates", processed.duplicates().size());
    if (exactlyOnce) {
      assertThat(processed.duplicates()).as("processed twice (exactly-once channel)").isEmpty();
    }
    assertThat(firstAttempt.values()).as("attempt of each redriven message").containsOnly(1);
    assertThat(redriveCount.values())
        .as("header %s on the redriven messages", StandardHeaders.REDRIVE_COUNT)
        .containsOnly("1");
    assertThat(processed.inOrder()).as("ids processed").doesNotContainAnyElementsOf(otherIds);
    assertThat(dead.count(injected)).as("injected failures left in the dead-letter queue").isZero();
    List<String> left = new ArrayList<>();
    dead.browse(DeadLetterFilter.all(), 0, 100).letters().forEach(l -> left.add(l.id()));
    assertThat(left)
        .as("what the dead-letter queue holds after the redrive")
        .hasSameElementsAs(otherIds.subList(4, 10));

    assertThat(dead.purge(DeadLetterFilter.all()).done()).as("purged at the end").isEqualTo(6);
    assertThat(dead.count(DeadLetterFilter.all())).as("left in the dead-letter queue").isZero();
  }
}
