package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Confirm;
import io.hermod.api.Confirmation;
import io.hermod.api.ProcessingOutcome;
import io.hermod.api.ProcessingStatus;
import io.hermod.api.Receipt;
import io.hermod.api.SignatureCheck;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingConfirmationTest {

  private static Confirmation confirmation(String sub, ProcessingStatus status, int attempts) {
    return new Confirmation(
        "m-1",
        "orders",
        sub,
        status,
        Instant.parse("2026-12-03T15:00:00Z").plusSeconds(attempts),
        "instance-" + attempts,
        attempts,
        status == ProcessingStatus.PROCESSED ? null : "exhausted",
        status == ProcessingStatus.PROCESSED ? null : "java.lang.IllegalStateException",
        null);
  }

  private static final Receipt RECEIPT =
      new Receipt("inmemory", "orders", "m-1", "7", Instant.parse("2026-12-03T15:00:00Z"));

  @Test
  void completesOnceEveryExpectedSubscriptionConfirmed() {
    PendingConfirmation p =
        new PendingConfirmation("m-1", "orders", Confirm.processedBy("billing", "shipping"));
    p.receiptFuture().complete(RECEIPT);
    p.merge(confirmation("billing", ProcessingStatus.PROCESSED, 1), SignatureCheck.NOT_REQUIRED);
    assertThat(p).isNotDone();
    assertThat(p.current().pending()).containsExactly("shipping");
    p.merge(confirmation("audit", ProcessingStatus.PROCESSED, 1), SignatureCheck.NOT_REQUIRED);
    assertThat(p).as("a subscription nobody asked does not count").isNotDone();
    p.merge(
        confirmation("shipping", ProcessingStatus.DEAD_LETTERED, 3), SignatureCheck.NOT_REQUIRED);
    assertThat(p).isCompleted();
    assertThat(p.join().outcome("shipping").errorClass())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(p.join().outcomes()).containsOnlyKeys("billing", "shipping");
  }

  @Test
  void confirmationsThatOvertakeTheReceiptSettleTheReportOnceTheReceiptArrives() {
    PendingConfirmation p = new PendingConfirmation("m-1", "orders", Confirm.processed());
    p.merge(confirmation("workers", ProcessingStatus.PROCESSED, 1), SignatureCheck.NOT_REQUIRED);
    assertThat(p).as("every entry settled, the broker's receipt not yet there").isNotDone();
    p.receiptFuture().complete(RECEIPT);
    assertThat(p).isCompleted();
    assertThat(p.join().receipt()).isEqualTo(RECEIPT);
    assertThat(p.join().allProcessed()).isTrue();
  }

  @Test
  void aFailedReceiptStillLetsTheConfirmedReportSettle() {
    PendingConfirmation p = new PendingConfirmation("m-1", "orders", Confirm.processed());
    p.merge(confirmation("workers", ProcessingStatus.PROCESSED, 1), SignatureCheck.NOT_REQUIRED);
    p.receiptFuture().completeExceptionally(new IllegalStateException("confirm lost"));
    assertThat(p).isCompleted();
    assertThat(p.join().receipt()).isNull();
  }

  @Test
  void aRedeliveryIsMergedIntoItsEntryWithTheLaterAttempt() {
    PendingConfirmation p = new PendingConfirmation("m-1", "orders", Confirm.processed());
    p.merge(confirmation("workers", ProcessingStatus.PROCESSED, 1), SignatureCheck.NOT_REQUIRED);
    p.merge(confirmation("workers", ProcessingStatus.PROCESSED, 2), SignatureCheck.NOT_REQUIRED);
    p.merge(confirmation("workers", ProcessingStatus.PROCESSED, 2), SignatureCheck.NOT_REQUIRED);
    ProcessingOutcome o = p.current().outcome(Confirm.ANY_CONSUMER);
    assertThat(p.current().outcomes()).hasSize(1);
    assertThat(o.attempts()).isEqualTo(2);
    assertThat(o.instance()).isEqualTo("instance-2");
    assertThat(o.confirmations()).isEqualTo(3);
    // A dead-letter report from another instance does not undo a processing.
    p.merge(
        confirmation("workers", ProcessingStatus.DEAD_LETTERED, 5), SignatureCheck.NOT_REQUIRED);
    assertThat(p.current().outcome(Confirm.ANY_CONSUMER).status())
        .isEqualTo(ProcessingStatus.PROCESSED);
  }

  @Test
  void aForgedConfirmationIsReportedUnverifiedAndNeverOverridesATrustedOne() {
    PendingConfirmation p =
        new PendingConfirmation("m-1", "orders", Confirm.processedBy("billing", "shipping"));
    p.merge(confirmation("billing", ProcessingStatus.PROCESSED, 1), SignatureCheck.INVALID);
    assertThat(p.current().outcome("billing").status()).isEqualTo(ProcessingStatus.UNVERIFIED);
    assertThat(p.current().outcome("billing").problem()).contains("signature invalid");
    assertThat(p.current().allProcessed()).isFalse();
    p.merge(confirmation("billing", ProcessingStatus.PROCESSED, 1), SignatureCheck.VALID);
    assertThat(p.current().outcome("billing").status()).isEqualTo(ProcessingStatus.PROCESSED);
    p.merge(confirmation("billing", ProcessingStatus.DEAD_LETTERED, 9), SignatureCheck.MISSING);
    assertThat(p.current().outcome("billing").status()).isEqualTo(ProcessingStatus.PROCESSED);
    assertThat(p.current().outcome("billing").attempts()).isEqualTo(1);
    p.merge(confirmation("shipping", ProcessingStatus.PROCESSED, 1), SignatureCheck.MISSING);
    assertThat(p).as("an unsigned confirmation where one is required settles nothing").isNotDone();
  }
}
