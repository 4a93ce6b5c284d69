package io.hermod.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The test recipe on the in-memory binding: a whole application, with its listener, client
 * interface, health and meters, and no broker.
 */
@SpringBootTest(
    classes = SampleApplication.class,
    properties = {
      "hermod.binding=inmemory",
      "hermod.inmemory.broker=in-memory-application-test",
      "hermod.channels.greetings.kind=queue",
      "management.endpoint.health.show-details=always"
    })
class InMemoryApplicationTest {

  @Autowired Greetings greetings;
  @Autowired GreetingListener listener;
  @Autowired HealthEndpoint health;
  @Autowired MeterRegistry registry;

  @Test
  void theListenerReceivesWhatTheClientSendsAndHealthAndMetersShowIt() {
    assertThat(greetings.send("hello in memory")).isNotNull();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> listener.received().contains("hello in memory"));
    var hermod = health.healthForPath("hermod");
    assertThat(hermod).isNotNull();
    assertThat(hermod.getStatus()).isEqualTo(Status.UP);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !registry.find("messaging.client.sent.messages").meters().isEmpty());
    assertThat(registry.find("messaging.process.duration").meters()).isNotEmpty();
  }
}
