package io.hermod.api;

import java.util.Optional;

/**
 * The dead-letter queue of one channel ({@code <channel>.dlq}) as work to inspect and act on:
 * browse it without consuming, send chosen messages back to their channel ({@link #redrive}), or
 * delete them ({@link #purge}). Obtained from {@link Messaging#deadLetters(String)}.
 *
 * <p>A redrive sends each selected message to the channel it failed on with its own message id,
 * without the failure headers, its attempts starting again, and the header {@value
 * StandardHeaders#REDRIVE_COUNT} counting its redrives. It removes a message from the dead-letter
 * queue only once the broker confirmed it on the channel: a failure or a crash midway leaves a
 * message in both places at worst (a duplicate, which an {@link DeliveryGuarantee#EXACTLY_ONCE}
 * channel removes), never in neither.
 *
 * <p>Thread-safe; the operations may run concurrently with consumers of the channel, but two
 * redrives or purges of one dead-letter queue should not run at the same time.
 *
 * @since 0.5
 */
public interface DeadLetters {

  /** Told how a redrive or purge goes, on the calling thread. */
  @FunctionalInterface
  interface Progress {
    /**
     * Called after each batch.
     *
     * @param done how many selected dead letters are redriven (confirmed on the channel) or purged
     * @param selected how many the filter selected
     */
    void progress(int done, int selected);

    /** A progress that listens to nothing. */
    Progress NONE = (done, selected) -> {};
  }

  /**
   * The channel whose dead letters these are.
   *
   * @return the channel's name, never {@code null}
   */
  String channel();

  /**
   * The dead-letter queue's name.
   *
   * @return {@code <channel>.dlq}, never {@code null}
   */
  String deadLetterChannel();

  /**
   * One page of the dead letters a filter selects, read without consuming them.
   *
   * @param filter which dead letters
   * @param offset how many selected dead letters to skip, {@code >= 0}
   * @param limit the most on the page, {@code > 0}
   * @return the page, never {@code null}
   * @throws UnsupportedCapabilityException if the binding cannot browse a queue
   */
  DeadLetterPage browse(DeadLetterFilter filter, int offset, int limit);

  /**
   * The dead letter with a message id, read without consuming it.
   *
   * @param id the message id
   * @return the dead letter, or empty if none has that id
   */
  Optional<DeadLetter> find(String id);

  /**
   * How many dead letters a filter selects (a dry run of {@link #redrive} or {@link #purge}).
   *
   * @param filter which dead letters
   * @return the count
   */
  int count(DeadLetterFilter filter);

  /**
   * Sends the selected dead letters back to their channel, each removed from the dead-letter queue
   * once the broker confirmed it there.
   *
   * @param filter which dead letters
   * @param progress told after each batch
   * @return the counts, never {@code null}
   * @throws MessagingException if the broker or the messaging closes midway (what was confirmed is
   *     on the channel, the rest still in the dead-letter queue)
   */
  DeadLetterResult redrive(DeadLetterFilter filter, Progress progress);

  /**
   * Sends the selected dead letters back to their channel.
   *
   * @param filter which dead letters
   * @return the counts, never {@code null}
   */
  default DeadLetterResult redrive(DeadLetterFilter filter) {
    return redrive(filter, Progress.NONE);
  }

  /**
   * Deletes the selected dead letters.
   *
   * @param filter which dead letters
   * @return the counts, never {@code null}
   */
  DeadLetterResult purge(DeadLetterFilter filter);
}
