package io.hermod.api;

import java.util.concurrent.CompletionStage;

/**
 * A send that asked for processing confirmations ({@link Publisher#send(Message, Confirm)}): as a
 * stage it completes with the {@link ProcessingReport} once every expected subscription confirmed,
 * or at the deadline (with pending entries, or exceptionally with a {@link
 * ConfirmationTimeoutException} if the send asked for {@link Confirm#failOnTimeout()}). It fails at
 * once if the broker did not accept the message.
 *
 * <p>Thread-safe.
 *
 * @since 0.4
 */
public interface ConfirmedSend extends CompletionStage<ProcessingReport> {

  /**
   * The first stage: the broker's receipt of the (first) send, as {@link Publisher#send(Message)}
   * gives it.
   *
   * @return the receipt stage, never {@code null}
   */
  CompletionStage<Receipt> receipt();

  /**
   * The report as it stands now. Until the deadline of the last send, confirmations that arrive
   * after the stage completed (a redelivery after a lost acknowledgement) are still merged into it.
   *
   * @return a snapshot, never {@code null}
   */
  ProcessingReport current();
}
