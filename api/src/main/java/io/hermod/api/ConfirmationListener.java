package io.hermod.api;

/**
 * Receives every processing confirmation that arrives on a facade's confirmation channel, including
 * those of messages this process no longer waits for: with a durable confirmation channel ({@code
 * hermod.confirm.channel}), a publisher restarted after a crash collects the confirmations of what
 * it sent before. Register it with {@link Messaging#confirmations(ConfirmationListener)} before
 * sending.
 *
 * <p>Called on a consumer thread of the confirmation channel, possibly concurrently; a confirmation
 * may arrive more than once (a redelivery after a lost acknowledgement is confirmed again). An
 * exception thrown here is logged; the confirmation is not redelivered.
 *
 * @since 0.4
 */
@FunctionalInterface
public interface ConfirmationListener {

  /**
   * Handles one confirmation.
   *
   * @param confirmation what a consumer confirmed
   * @param check how its signature was judged; only {@link SignatureCheck#VALID} and {@link
   *     SignatureCheck#NOT_REQUIRED} ones count in a report
   */
  void onConfirmation(Confirmation confirmation, SignatureCheck check);
}
