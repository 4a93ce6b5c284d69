package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Message;
import io.hermod.api.Messaging;
import io.hermod.api.Publisher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A. Basics: configuration, round trips, headers, isolation, receipts, pull, close, concurrency.
 *
 * <p>Scenarios: A01-A10 (see TCK.md). Each test's display name starts with its id.
 */
interface BasicsScenarios extends Scenarios {

  @Test
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
}
