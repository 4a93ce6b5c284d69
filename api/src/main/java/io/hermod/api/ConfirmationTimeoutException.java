package io.hermod.api;

/**
 * Some expected subscriptions had not confirmed processing a message by the deadline of its last
 * send, and the send asked for {@link Confirm#failOnTimeout()}. The message names them; {@link
 * #report()} has what did arrive.
 *
 * @since 0.4
 */
public class ConfirmationTimeoutException extends MessagingTimeoutException {

  private final transient ProcessingReport report;

  /**
   * Creates an exception.
   *
   * @param binding the binding name
   * @param channel the channel name
   * @param message what is pending and how to fix it
   * @param report the report at the deadline
   */
  public ConfirmationTimeoutException(
      String binding, String channel, String message, ProcessingReport report) {
    super(binding, channel, message, null);
    this.report = report;
  }

  /**
   * The report at the deadline.
   *
   * @return the report, its pending entries {@link ProcessingStatus#PENDING}
   */
  public ProcessingReport report() {
    return report;
  }
}
