package io.hermod.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a publisher asks to be told about one send: which subscriptions must confirm that they
 * processed the message, by when, and what happens when some have not by then. Passed to {@link
 * Publisher#send(Message, Confirm)}.
 *
 * <pre>{@code
 * Confirm.processedBy("billing", "shipping").within(Duration.ofSeconds(30))   // a topic
 * Confirm.processed().within(Duration.ofSeconds(5)).resendUpTo(2)           // a queue
 * }</pre>
 *
 * <p>Immutable and thread-safe; every method returns a new value.
 *
 * @since 0.4
 */
public final class Confirm {

  /** The deadline when none is given. */
  public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(30);

  /**
   * The key of the one entry of a queue's report, where whichever consumer takes the message
   * confirms it.
   */
  public static final String ANY_CONSUMER = "*";

  /** What a send does with subscriptions still pending at its deadline. */
  public enum OnTimeout {
    /** Complete the report, those subscriptions {@link ProcessingStatus#PENDING}. */
    REPORT,
    /** Fail the stage with a {@link ConfirmationTimeoutException} naming them. */
    FAIL
  }

  private final Set<String> subscriptions;
  private final Duration within;
  private final int resends;
  private final OnTimeout onTimeout;

  private Confirm(Set<String> subscriptions, Duration within, int resends, OnTimeout onTimeout) {
    this.subscriptions = subscriptions;
    this.within = within;
    this.resends = resends;
    this.onTimeout = onTimeout;
  }

  /**
   * Asks each named subscription of a topic to confirm.
   *
   * @param subscriptions the subscription names, at least one, none blank
   * @return the request, with the default deadline, no resend, reporting pending ones
   * @throws IllegalArgumentException if none is given or one is blank or contains a comma
   */
  public static Confirm processedBy(String... subscriptions) {
    Objects.requireNonNull(subscriptions, "subscriptions");
    if (subscriptions.length == 0) {
      throw new IllegalArgumentException(
          "Confirm.processedBy(): name at least one subscription, or use Confirm.processed() on a"
              + " queue");
    }
    Set<String> names = new LinkedHashSet<>();
    for (String s : subscriptions) {
      if (s == null || s.isBlank() || s.contains(",") || s.equals(ANY_CONSUMER)) {
        throw new IllegalArgumentException(
            "Confirm.processedBy("
                + Arrays.toString(subscriptions)
                + "): subscription names must be non-blank, without commas and not '*'");
      }
      names.add(s);
    }
    return new Confirm(Collections.unmodifiableSet(names), DEFAULT_WITHIN, 0, OnTimeout.REPORT);
  }

  /**
   * Asks whichever consumer takes the message (on a queue) to confirm; the report has one entry,
   * {@link #ANY_CONSUMER}.
   *
   * @return the request, with the default deadline, no resend, reporting pending ones
   */
  public static Confirm processed() {
    return new Confirm(Set.of(), DEFAULT_WITHIN, 0, OnTimeout.REPORT);
  }

  /**
   * Sets how long after the send the confirmations may take.
   *
   * @param deadline a positive duration
   * @return a new request
   */
  public Confirm within(Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException(
          "Confirm.within(" + deadline + "): the deadline must be positive, e.g. 30s");
    }
    return new Confirm(subscriptions, deadline, resends, onTimeout);
  }

  /**
   * Resends the message (the same id, so an exactly-once channel processes it once) up to {@code
   * times} times when confirmations are missing at the deadline, each resend with a fresh deadline.
   * A resend costs one more broker send and, on an at-least-once channel, may have the message
   * processed again by the subscriptions that did confirm (their entries are merged, not counted
   * twice).
   *
   * @param times how many resends at most, {@code >= 0}
   * @return a new request
   */
  public Confirm resendUpTo(int times) {
    if (times < 0) {
      throw new IllegalArgumentException("Confirm.resendUpTo(" + times + "): must be >= 0");
    }
    return new Confirm(subscriptions, within, times, onTimeout);
  }

  /**
   * Fails the stage with a {@link ConfirmationTimeoutException} (naming the pending subscriptions,
   * carrying the partial report) instead of completing it with pending entries.
   *
   * @return a new request
   */
  public Confirm failOnTimeout() {
    return new Confirm(subscriptions, within, resends, OnTimeout.FAIL);
  }

  /**
   * The subscriptions that must confirm, in the order given.
   *
   * @return the names; empty means whichever consumer takes it ({@link #processed()})
   */
  public Set<String> subscriptions() {
    return subscriptions;
  }

  /**
   * The deadline after each send.
   *
   * @return the duration, positive
   */
  public Duration within() {
    return within;
  }

  /**
   * How many resends at most.
   *
   * @return the number, {@code >= 0}
   */
  public int resends() {
    return resends;
  }

  /**
   * What happens at the last deadline.
   *
   * @return the choice, never {@code null}
   */
  public OnTimeout onTimeout() {
    return onTimeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Confirm c
        && c.subscriptions.equals(subscriptions)
        && c.within.equals(within)
        && c.resends == resends
        && c.onTimeout == onTimeout;
  }

  @Override
  public int hashCode() {
    return Objects.hash(subscriptions, within, resends, onTimeout);
  }

  @Override
  public String toString() {
    return "Confirm["
        + (subscriptions.isEmpty() ? ANY_CONSUMER : String.join(",", subscriptions))
        + " within "
        + within
        + ", resends "
        + resends
        + ", on timeout "
        + onTimeout
        + "]";
  }
}
