package io.hermod.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfirmationSignatureTest {

  private static final KeyPair CONSUMER = ed25519();
  private static final KeyPair FORGER = ed25519();

  private static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Confirmation processed() {
    return new Confirmation(
        "m-1",
        "orders",
        "billing",
        ProcessingStatus.PROCESSED,
        Instant.parse("2026-12-03T15:00:00.123456Z"),
        "host a/1 ü",
        1,
        null,
        null,
        null);
  }

  @Test
  void aConfirmationSignedWithTheConsumersKeyVerifies() {
    Confirmation signed = processed().signedWith(CONSUMER.getPrivate());
    assertThat(signed.verify(CONSUMER.getPublic())).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void aForgedConfirmationSignedWithAnotherKeyIsRejected() {
    Confirmation forged = processed().signedWith(FORGER.getPrivate());
    assertThat(forged.verify(CONSUMER.getPublic())).isEqualTo(SignatureCheck.INVALID);
  }

  @Test
  void aTamperedConfirmationIsRejected() {
    Confirmation signed = processed().signedWith(CONSUMER.getPrivate());
    // The same signature over a statement that says something else: another outcome, attempt,
    // message or subscription.
    Confirmation[] tampered = {
      new Confirmation(
          signed.messageId(),
          signed.channel(),
          signed.subscription(),
          ProcessingStatus.DEAD_LETTERED,
          signed.at(),
          signed.instance(),
          1,
          "exhausted",
          "java.lang.RuntimeException",
          signed.signature()),
      new Confirmation(
          signed.messageId(),
          signed.channel(),
          signed.subscription(),
          signed.status(),
          signed.at(),
          signed.instance(),
          2,
          null,
          null,
          signed.signature()),
      new Confirmation(
          "m-2",
          signed.channel(),
          signed.subscription(),
          signed.status(),
          signed.at(),
          signed.instance(),
          1,
          null,
          null,
          signed.signature()),
      new Confirmation(
          signed.messageId(),
          signed.channel(),
          "shipping",
          signed.status(),
          signed.at(),
          signed.instance(),
          1,
          null,
          null,
          signed.signature()),
      new Confirmation(
          signed.messageId(),
          signed.channel(),
          signed.subscription(),
          signed.status(),
          signed.at().plusMillis(1),
          signed.instance(),
          1,
          null,
          null,
          signed.signature())
    };
    for (Confirmation t : tampered) {
      assertThat(t.verify(CONSUMER.getPublic()))
          .as(t.statement())
          .isEqualTo(SignatureCheck.INVALID);
    }
    // A flipped bit in the signature itself.
    byte[] sig = Base64.getDecoder().decode(signed.signature());
    sig[3] ^= 1;
    Confirmation flipped =
        Confirmation.parse(signed.statement(), Base64.getEncoder().encodeToString(sig));
    assertThat(flipped.verify(CONSUMER.getPublic())).isEqualTo(SignatureCheck.INVALID);
    assertThat(Confirmation.parse(signed.statement(), "not base64!").verify(CONSUMER.getPublic()))
        .isEqualTo(SignatureCheck.INVALID);
  }

  @Test
  void anUnsignedConfirmationIsReportedMissing() {
    assertThat(processed().verify(CONSUMER.getPublic())).isEqualTo(SignatureCheck.MISSING);
  }

  @Test
  void theStatementRoundTripsAndItsSignatureStillVerifies() {
    Confirmation signed = processed().signedWith(CONSUMER.getPrivate());
    Confirmation read = Confirmation.parse(signed.statement(), signed.signature());
    assertThat(read).isEqualTo(signed);
    assertThat(read.verify(CONSUMER.getPublic())).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void aStoredReportVerifiesLaterAndATamperedOneDoesNot() {
    Confirmation signed = processed().signedWith(CONSUMER.getPrivate());
    Map<String, ProcessingOutcome> outcomes = new LinkedHashMap<>();
    outcomes.put(
        "billing", new ProcessingOutcome("billing", ProcessingStatus.PROCESSED, signed, 2, null));
    outcomes.put("shipping", ProcessingOutcome.pending("shipping"));
    ProcessingReport report =
        new ProcessingReport(
            "m-1",
            "orders",
            new Receipt("kafka", "orders", "m-1", "orders-0@42", Instant.EPOCH),
            1,
            outcomes);
    String stored = report.toStoredForm();
    assertThat(stored).startsWith(ProcessingReport.FORMAT + "\n");
    ProcessingReport read = ProcessingReport.fromStoredForm(stored);
    assertThat(read).isEqualTo(report);
    assertThat(read.verify(Map.of("billing", CONSUMER.getPublic()))).isEmpty();
    assertThat(read.verify(Map.of("billing", FORGER.getPublic())))
        .containsEntry("billing", "signature invalid");
    // An entry edited to claim another outcome than the signed statement says.
    String edited = stored.replace("entry=billing;PROCESSED", "entry=billing;DEAD_LETTERED");
    assertThat(
            ProcessingReport.fromStoredForm(edited).verify(Map.of("billing", CONSUMER.getPublic())))
        .containsKey("billing");
    assertThatThrownBy(() -> ProcessingReport.fromStoredForm("hello"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
