package io.hermod.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.binding.artemis.ArtemisFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same application pointed at a real broker (embedded Artemis from the binding's fixture): the
 * fixture's {@code hermod.*} configuration goes into the {@code Environment} unchanged. The context
 * closes after the class, while the shared broker still runs (not at JVM exit, when a client
 * closing against a vanished broker would wait for its call timeout).
 */
@DirtiesContext
@SpringBootTest(
    classes = SampleApplication.class,
    properties = {"hermod.channels.greetings.kind=queue"})
class ArtemisApplicationTest {

  @DynamicPropertySource
  static void broker(DynamicPropertyRegistry registry) throws Exception {
    ArtemisFixture fixture = ArtemisFixture.shared();
    fixture.start();
    fixture.config().forEach((k, v) -> registry.add(k, () -> v));
  }

  @Autowired Greetings greetings;
  @Autowired GreetingListener listener;
  @Autowired HealthEndpoint health;

  @Test
  void theListenerReceivesAndHealthGoesDownWhenTheBrokerStops() throws Exception {
    greetings.send("hello artemis");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> listener.received().contains("hello artemis"));
    assertThat(health.healthForPath("hermod").getStatus()).isEqualTo(Status.UP);
    ArtemisFixture fixture = ArtemisFixture.shared();
    fixture.stopBroker();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Status.DOWN.equals(health.healthForPath("hermod").getStatus()));
    } finally {
      fixture.startBroker();
    }
  }
}
