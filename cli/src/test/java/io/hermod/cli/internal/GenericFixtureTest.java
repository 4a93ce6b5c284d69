package io.hermod.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenericFixtureTest {

  @Test
  void knowsTheAddressKeyOfEveryBundledBinding() {
    assertThat(fixture("artemis", "hermod.artemis.url", "tcp://b:61616").addressKey())
        .hasValue("hermod.artemis.url");
    assertThat(fixture("kafka", "hermod.kafka.bootstrap-servers", "b:9092").addressKey())
        .hasValue("hermod.kafka.bootstrap-servers");
    // Without an endpoint the SQS binding talks to AWS: the endpoint is no required address...
    GenericFixture sqs = fixture("sqs", "hermod.sqs.endpoint", "http://b:9324");
    assertThat(sqs.addressKey()).isEmpty();
    // ...but it is the address to point at a dead port.
    assertThat(sqs.unreachableConfig().orElseThrow().get("hermod.sqs.endpoint"))
        .matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(
            GenericFixture.of(
                    Map.of("hermod.binding", "sqs", "hermod.sqs.endpoint", "http://b:9324"),
                    Map.of("address-key", "hermod.sqs.endpoint"))
                .addressKey())
        .as("declared with tck.address-key")
        .hasValue("hermod.sqs.endpoint");
    assertThat(GenericFixture.of(Map.of("hermod.binding", "inmemory"), Map.of()).addressKey())
        .isEmpty();
  }

  @Test
  void theUnreachableConfigurationPointsEveryAddressAtALocalPortNobodyListensOn() {
    GenericFixture kafka =
        fixture(
            "kafka",
            "hermod.kafka.bootstrap-servers",
            "broker-1.example:9092,broker-2.example:9093");

    String address = kafka.unreachableConfig().orElseThrow().get("hermod.kafka.bootstrap-servers");

    assertThat(address)
        .matches("127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+")
        .doesNotContain("example");
    String artemis =
        fixture("artemis", "hermod.artemis.url", "tcp://mq.example:61616?retryInterval=100")
            .unreachableConfig()
            .orElseThrow()
            .get("hermod.artemis.url");
    assertThat(artemis).matches("tcp://127\\.0\\.0\\.1:\\d+\\?retryInterval=100");
  }

  @Test
  void tckKeysShapeTheFixture() {
    GenericFixture f =
        GenericFixture.of(
            Map.of(
                "hermod.binding",
                "artemis",
                "hermod.artemis.url",
                "tcp://b:61616",
                "hermod.artemis.password",
                "right"),
            Map.of(
                "scale", "0.5",
                "crash-redelivery-delay", "30s",
                "wrong-credentials.hermod.artemis.password", "wrong",
                "tls.hermod.artemis.tls.enabled", "true"));

    assertThat(f.scale()).isEqualTo(0.5);
    assertThat(f.crashRedeliveryDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(f.wrongCredentialsConfig().orElseThrow())
        .containsEntry("hermod.artemis.password", "wrong");
    assertThat(f.tlsConfig().orElseThrow())
        .containsEntry("hermod.artemis.tls.enabled", "true")
        .containsEntry("hermod.artemis.password", "right");
    assertThat(f.canRestart()).isFalse();
    assertThat(f.toString()).doesNotContain("right").doesNotContain("wrong");
  }

  @Test
  void everyBadTckKeyIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                GenericFixture.of(
                    Map.of("hermod.binding", "kafka"), Map.of("scale", "-1", "adress-key", "x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("2 problems")
        .hasMessageContaining("tck.scale must be a number > 0 such as 0.5, was '-1'")
        .hasMessageContaining("unknown key 'tck.adress-key'; did you mean 'tck.address-key'?");
  }

  private static GenericFixture fixture(String binding, String key, String address) {
    return GenericFixture.of(Map.of("hermod.binding", binding, key, address), Map.of());
  }
}
