package io.hermod.binding.artemis;

import static io.hermod.binding.artemis.SpiSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hermod.api.AuthenticationException;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.api.MessagingException;
import io.hermod.api.Receipt;
import io.hermod.spi.Binding;
import io.hermod.spi.Inbound;
import io.hermod.spi.Outbound;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Configuration, credentials, TLS and the broker going away and coming back. */
class ArtemisConnectionTest {

  private static Map<String, String> config() {
    return new LinkedHashMap<>(ArtemisFixture.shared().config());
  }

  @Test
  @DisplayName("invalid settings fail at creation, every problem at once, each naming its key")
  void invalidSettings() {
    Map<String, String> c = config();
    c.remove("hermod.artemis.url");
    c.put("hermod.artemis.producer-sessions", "lots");
    c.put("hermod.artemis.pasword", "typo");
    c.put("hermod.artemis.tls.trust-store", "/nowhere.p12");
    c.put("hermod.artemis.client.confirmationWindowSize", "0");
    Throwable t = catchThrowable(() -> SpiSupport.create(c, Duration.ofSeconds(5)));
    assertThat(t).isInstanceOf(ConfigurationException.class);
    assertThat(((ConfigurationException) t).problems())
        .anySatisfy(p -> assertThat(p).contains("hermod.artemis.url is required"))
        .anySatisfy(
            p -> assertThat(p).contains("hermod.artemis.producer-sessions must be a whole number"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("unknown key hermod.artemis.pasword")
                    .contains("did you mean hermod.artemis.password"))
        .anySatisfy(p -> assertThat(p).contains("hermod.artemis.tls.enabled"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("hermod.artemis.client.confirmationWindowSize must be a positive"));
    assertThat(t.getMessage()).doesNotContain(ArtemisFixture.PASSWORD);
  }

  @Test
  @DisplayName("a malformed URL is a configuration error naming the key")
  void malformedUrl() {
    Map<String, String> c = config();
    c.put("hermod.artemis.url", "tcp://[::1");
    assertThatThrownBy(() -> SpiSupport.create(c, Duration.ofSeconds(5)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.artemis.url");
  }

  @Test
  @DisplayName("a wrong password fails start with an authentication error that hides the secret")
  void wrongPassword() {
    Map<String, String> c = ArtemisFixture.shared().wrongCredentialsConfig().orElseThrow();
    Binding b = SpiSupport.create(c, Duration.ofSeconds(5));
    assertThat(b.toString()).doesNotContain("not-the-password");
    Throwable t = catchThrowable(b::start);
    b.close();
    assertThat(t).isInstanceOf(AuthenticationException.class);
    assertThat(t.getMessage())
        .contains("hermod.artemis.password")
        .doesNotContain("not-the-password");
  }

  @Test
  @DisplayName("no broker at the address fails start with a connection error")
  void unreachable() {
    Map<String, String> c = ArtemisFixture.shared().unreachableConfig().orElseThrow();
    Binding b = SpiSupport.create(c, Duration.ofSeconds(5));
    Throwable t = catchThrowable(b::start);
    b.close();
    assertThat(t)
        .isInstanceOf(ConnectionException.class)
        .isNotInstanceOf(AuthenticationException.class);
    assertThat(t.getMessage()).contains("hermod.artemis.url");
  }

  @Test
  @DisplayName("TLS with the test certificate round-trips a message")
  void tls() throws Exception {
    Binding b =
        SpiSupport.create(ArtemisFixture.shared().tlsConfig().orElseThrow(), Duration.ofSeconds(5));
    b.start();
    try {
      ChannelSpec q = ChannelSpec.queue(SpiSupport.name("tls")).build();
      b.provision(q);
      SpiSupport.Collector c = new SpiSupport.Collector(true);
      Inbound in = b.inbound(q, SpiSupport.sub("s", Filter.none(), 5), c);
      b.outbound(q)
          .send(List.of(Message.builder(new byte[] {42}).build()))
          .get(0)
          .get(30, TimeUnit.SECONDS);
      await("the message over TLS", () -> c.deliveries.size() == 1, () -> "none");
      in.close();
    } finally {
      b.close();
    }
  }

  @Test
  @DisplayName("closing the binding from a receipt callback closes it (no deadlock, no leak)")
  void closeFromReceiptCallback() throws Exception {
    ArtemisFixture fixture = ArtemisFixture.shared();
    int before = fixture.connectionCount();
    Binding b = SpiSupport.create(fixture.config(), Duration.ofSeconds(5));
    b.start();
    ChannelSpec q = ChannelSpec.queue(SpiSupport.name("close-cb")).build();
    b.provision(q);
    CompletableFuture<Void> closed = new CompletableFuture<>();
    CompletableFuture<Receipt> sent =
        b.outbound(q).send(List.of(Message.builder(new byte[] {1}).build())).get(0);
    sent.whenComplete(
        (r, e) -> {
          try {
            b.close();
            closed.complete(null);
          } catch (RuntimeException ex) {
            closed.completeExceptionally(ex);
          }
        });
    assertThat(sent.get(30, TimeUnit.SECONDS).messageId()).isNotEmpty();
    closed.get(30, TimeUnit.SECONDS);
    assertThat(b.health().isUp()).isFalse();
    // The callback runs inside an Artemis completion listener, where JMS refuses to close the
    // producers' session and connection: the factory's close must still end both connections.
    await(
        "the binding's connections closed on the broker",
        () -> fixture.connectionCount() <= before,
        () -> fixture.connectionCount() + " connections, " + before + " before the binding");
    Throwable after =
        catchThrowable(
            () ->
                b.outbound(q)
                    .send(List.of(Message.builder(new byte[] {2}).build()))
                    .get(0)
                    .get(30, TimeUnit.SECONDS));
    assertThat(after).isNotNull();
  }

  @Test
  @DisplayName(
      "broker down: health goes down and sends fail; broker back: traffic resumes by itself")
  void brokerRestart() throws Exception {
    ArtemisFixture fixture = ArtemisFixture.shared();
    Binding b = SpiSupport.create(fixture.config(), Duration.ofSeconds(2));
    b.start();
    try {
      ChannelSpec q = ChannelSpec.queue(SpiSupport.name("restart")).build();
      b.provision(q);
      SpiSupport.Collector c = new SpiSupport.Collector(true);
      Inbound in = b.inbound(q, SpiSupport.sub("s", Filter.none(), 5), c);
      Outbound out = b.outbound(q);
      out.send(List.of(Message.builder(new byte[] {1}).build())).get(0).get(30, TimeUnit.SECONDS);
      await("the first message", () -> c.deliveries.size() == 1, () -> "none");
      assertThat(b.health().isUp()).isTrue();

      fixture.stopBroker();
      try {
        await("health down", () -> !b.health().isUp(), () -> b.health().toString());
        CompletableFuture<Receipt> during =
            out.send(List.of(Message.builder(new byte[] {2}).build())).get(0);
        Throwable t = catchThrowable(() -> during.get(30, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(MessagingException.class);
      } finally {
        fixture.startBroker();
      }

      await("health up", () -> b.health().isUp(), () -> b.health().toString());
      // Sends resume once the client has reconnected; the consumer was recreated by the client.
      await(
          "a send after the restart",
          () -> {
            try {
              out.send(List.of(Message.builder(new byte[] {3}).build()))
                  .get(0)
                  .get(5, TimeUnit.SECONDS);
              return true;
            } catch (Exception e) {
              return false;
            }
          },
          () -> "sends still failing");
      await(
          "a delivery after the restart",
          () -> c.deliveries.stream().anyMatch(d -> d.message().payload()[0] == 3),
          () -> c.ids().toString());
      in.close();
    } finally {
      b.close();
    }
  }
}
