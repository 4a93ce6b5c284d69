package io.hermod.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spring.boot.autoconfigure.internal.ConfigurationFailureAnalyzer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition and property of the auto-configuration, on the in-memory binding. */
class HermodAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  HermodAutoConfiguration.class,
                  HermodHealthAutoConfiguration.class,
                  HermodMetricsAutoConfiguration.class,
                  HermodTracingAutoConfiguration.class))
          // Its own in-memory broker: other test contexts of this JVM (cached by Spring) consume
          // the
          // same channel names on the default one.
          .withPropertyValues("hermod.binding=inmemory", "hermod.inmemory.broker=context-runner");

  @Test
  void hermodKeysOfTheEnvironmentConfigureTheMessagingBean() {
    runner
        .withPropertyValues(
            "hermod.channels.notices.kind=topic", "hermod.channels.notices.max-delivery-attempts=7")
        .run(
            context -> {
              Messaging messaging = context.getBean(Messaging.class);
              assertThat(messaging.bindingName()).isEqualTo("inmemory");
              ChannelSpec notices = messaging.channel("notices").orElseThrow();
              assertThat(notices.kind()).isEqualTo(ChannelKind.TOPIC);
              assertThat(notices.maxDeliveryAttempts()).isEqualTo(7);
            });
  }

  @Test
  void yamlListsBecomeCommaSeparatedValuesAndEnvironmentVariablesTheirKeys() {
    org.springframework.core.env.StandardEnvironment environment =
        new org.springframework.core.env.StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new org.springframework.core.env.MapPropertySource(
                "test",
                java.util.Map.of(
                    "hermod.kafka.producer.bootstrap.servers[0]", "a:1",
                    "hermod.kafka.producer.bootstrap.servers[1]", "b:2",
                    "HERMOD_CHANNELS_MY_ORDERS_KIND", "queue",
                    "HERMOD_KAFKA_BOOTSTRAP_SERVERS", "k:9092")));
    var read = io.hermod.spring.boot.autoconfigure.internal.EnvironmentConfig.read(environment);
    assertThat(read.get("hermod.kafka.producer.bootstrap.servers").value()).isEqualTo("a:1,b:2");
    assertThat(read.get("hermod.channels.my-orders.kind").value()).isEqualTo("queue");
    assertThat(read.get("hermod.kafka.bootstrap-servers").value()).isEqualTo("k:9092");
    assertThat(read.get("hermod.kafka.bootstrap-servers").origin()).contains("test");
  }

  @Test
  void channelSpecBeansAreDeclaredAndCustomizersApplied() {
    AtomicBoolean customized = new AtomicBoolean();
    runner
        .withBean(ChannelSpec.class, () -> ChannelSpec.queue("from-a-bean").build())
        .withBean(HermodBuilderCustomizer.class, () -> builder -> customized.set(true))
        .run(
            context -> {
              assertThat(context.getBean(Messaging.class).channel("from-a-bean")).isPresent();
              assertThat(customized).isTrue();
            });
  }

  @Test
  void anApplicationsOwnMessagingBeanReplacesTheAutoConfiguredOne() {
    runner
        .withUserConfiguration(OwnMessaging.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Messaging.class);
              assertThat(context).hasBean("ownMessaging").doesNotHaveBean("hermodMessaging");
            });
  }

  @Test
  void anUnknownKeyFailsStartupWithTheKeyItsOriginAndTheClosestDeclaredKey() {
    runner
        .withPropertyValues("hermod.send-timout=5s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              ConfigurationException e = rootCause(context.getStartupFailure());
              assertThat(e.problems())
                  .anySatisfy(p -> assertThat(p).contains("hermod.send-timout", "send-timeout"));
              FailureAnalysis analysis =
                  new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .startsWith("Hermod could not start")
                  .contains("hermod.send-timout")
                  .contains("set by");
              assertThat(analysis.getAction()).contains("hermod.* keys");
            });
  }

  @Test
  void aBadValueNamesTheKeyTheValueAndTheFix() {
    runner
        .withPropertyValues("hermod.channels.orders.kind=pipe")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("hermod.channels.orders.kind", "pipe", "[queue, topic]", "set by");
            });
  }

  @Test
  void theHealthIndicatorReportsTheBindingsHealth() {
    runner.run(
        context -> {
          HealthIndicator indicator =
              context.getBean("hermodHealthIndicator", HealthIndicator.class);
          var health = indicator.health();
          assertThat(health).isNotNull();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("binding", "inmemory");
        });
  }

  @Test
  void theHealthIndicatorCanBeSwitchedOff() {
    runner
        .withPropertyValues("management.health.hermod.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("hermodHealthIndicator"));
  }

  @Test
  void withoutSpringBootHealthThereIsNoIndicator() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            context -> {
              assertThat(context).hasSingleBean(Messaging.class);
              assertThat(context).doesNotHaveBean("hermodHealthIndicator");
            });
  }

  @Test
  void metersAreBoundToTheApplicationsRegistry() {
    runner
        .withPropertyValues("hermod.channels.greetings.kind=queue")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context).hasBean("hermodMetricsObserver");
              Messaging messaging = context.getBean(Messaging.class);
              messaging
                  .publisher("greetings", String.class)
                  .send("hi")
                  .toCompletableFuture()
                  .join();
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(
                      () ->
                          registry.find("messaging.client.sent.messages").counter() != null
                              || registry.find("messaging.client.operation.duration").timer()
                                  != null);
            });
  }

  @Test
  void withoutARegistryOrWithoutHermodMicrometerThereAreNoMeters() {
    runner.run(context -> assertThat(context).doesNotHaveBean("hermodMetricsObserver"));
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withClassLoader(new FilteredClassLoader(io.hermod.micrometer.HermodMetrics.class))
        .run(context -> assertThat(context).doesNotHaveBean("hermodMetricsObserver"));
  }

  @Test
  void tracesGoThroughTheApplicationsOpenTelemetry() {
    runner
        .withBean(OpenTelemetry.class, OpenTelemetry::noop)
        .run(
            context -> {
              assertThat(context).hasBean("hermodTracingObserver");
              assertThat(context.getBean("hermodTracingObserver"))
                  .isInstanceOf(MessagingObserver.class);
            });
    runner.run(context -> assertThat(context).doesNotHaveBean("hermodTracingObserver"));
    runner
        .withBean(OpenTelemetry.class, OpenTelemetry::noop)
        .withClassLoader(new FilteredClassLoader(io.hermod.opentelemetry.HermodTracing.class))
        .run(context -> assertThat(context).doesNotHaveBean("hermodTracingObserver"));
  }

  @Test
  void listenerBeansAreRegisteredWhenTheContextStartsAndClientsAreInjectable() {
    runner
        .withPropertyValues("hermod.channels.greetings.kind=queue")
        .withUserConfiguration(Clients.class)
        .withBean(GreetingListener.class)
        .run(
            context -> {
              context.getBean(Greetings.class).send("hello");
              GreetingListener listener = context.getBean(GreetingListener.class);
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> listener.received().contains("hello"));
            });
  }

  private static ConfigurationException rootCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConfigurationException e) {
        return e;
      }
    }
    throw new AssertionError("no ConfigurationException in " + failure);
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnMessaging {
    @Bean(destroyMethod = "close")
    Messaging ownMessaging() {
      return Hermod.builder().binding("inmemory").build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableHermodClients(clients = Greetings.class)
  static class Clients {}
}
