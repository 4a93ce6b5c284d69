package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.Confirm;
import io.hermod.api.ConfirmedBy;
import io.hermod.api.ProcessingReport;
import io.hermod.api.ProcessingStatus;
import io.hermod.api.Publishes;
import io.hermod.api.Receipt;
import io.hermod.api.StandardHeaders;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Confirmed sends through a client proxy, end to end on the SPI test double. */
class ConfirmedClientTest {

  private final ManualBinding binding = new ManualBinding();
  private final CoreMessaging messaging = binding.messaging();

  ConfirmedClientTest() {
    messaging.declare(ChannelSpec.queue("orders").build());
  }

  @AfterEach
  void close() {
    messaging.close();
  }

  @Publishes(channel = "orders")
  interface Billing {
    @ConfirmedBy(value = "*", within = "5s")
    ProcessingReport charge(String order);

    @ConfirmedBy(value = "*", within = "5s")
    CompletionStage<ProcessingReport> chargeLater(String order);
  }

  @Publishes(channel = "orders")
  interface Misused {
    @ConfirmedBy("*")
    Receipt receiptOfAConfirmedSend(String order);

    ProcessingReport reportNobodyAskedFor(String order);

    @ConfirmedBy(value = "*", within = "soon")
    ProcessingReport badDeadline(String order);
  }

  @Test
  void aConfirmedClientMethodReturnsTheConsumersReport() throws Exception {
    messaging.subscribe("orders", String.class, d -> {});
    Billing billing = messaging.client(Billing.class);

    ProcessingReport report = billing.charge("order-1");

    assertThat(report.allProcessed()).as(report.toString()).isTrue();
    assertThat(report.outcome(Confirm.ANY_CONSUMER).attempts()).isEqualTo(1);
    assertThat(binding.sent("orders").get(0).header(StandardHeaders.CONFIRM_EXPECT))
        .isEqualTo(Confirm.ANY_CONSUMER);
    ProcessingReport later =
        billing.chargeLater("order-2").toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(later.outcome(Confirm.ANY_CONSUMER).status()).isEqualTo(ProcessingStatus.PROCESSED);
  }

  @Test
  void aPoisonMessageIsReportedDroppedWithItsErrorClass() throws Exception {
    messaging.declare(
        ChannelSpec.queue("fragile").maxDeliveryAttempts(1).deadLetter(false).build());
    messaging.subscribe(
        "fragile",
        String.class,
        d -> {
          throw new IllegalStateException("no");
        });
    ProcessingReport r =
        messaging
            .publisher("fragile", String.class)
            .send("x", Confirm.processed().within(java.time.Duration.ofSeconds(5)))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertThat(r.outcome(Confirm.ANY_CONSUMER).status()).isEqualTo(ProcessingStatus.DROPPED);
    assertThat(r.outcome(Confirm.ANY_CONSUMER).errorClass())
        .isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void misusedConfirmedMethodsFailNamingTheMethodAndTheFix() {
    ConfigurationException e =
        catchThrowableOfType(ConfigurationException.class, () -> messaging.client(Misused.class));
    assertThat(e.getMessage())
        .contains(
            "receiptOfAConfirmedSend",
            "is @ConfirmedBy but returns Receipt; return CompletionStage<ProcessingReport>",
            "reportNobodyAskedFor",
            "annotate it @ConfirmedBy",
            "badDeadline",
            "@ConfirmedBy(within) must be a positive duration");
  }
}
