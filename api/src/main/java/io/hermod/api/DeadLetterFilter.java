package io.hermod.api;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which dead letters an operation of {@link DeadLetters} applies to: every criterion set must hold
 * ({@code and}); a filter with none set selects every dead letter. Immutable and thread-safe.
 *
 * <pre>{@code
 * DeadLetterFilter f = DeadLetterFilter.builder()
 *     .reason("exhausted")
 *     .errorClass("com.acme.StockServiceDown")
 *     .failedAfter(Instant.parse("2026-12-06T08:00:00Z"))
 *     .build();
 * }</pre>
 *
 * @since 0.5
 */
public final class DeadLetterFilter {

  private static final DeadLetterFilter ALL = new DeadLetterFilter(builder());

  private final @Nullable String reason;
  private final @Nullable String errorClass;
  private final @Nullable Instant failedAfter;
  private final @Nullable Instant failedBefore;
  private final Set<String> ids;

  private DeadLetterFilter(Builder b) {
    this.reason = b.reason;
    this.errorClass = b.errorClass;
    this.failedAfter = b.failedAfter;
    this.failedBefore = b.failedBefore;
    this.ids = Set.copyOf(b.ids);
  }

  /**
   * The filter that selects every dead letter.
   *
   * @return the filter, never {@code null}
   */
  public static DeadLetterFilter all() {
    return ALL;
  }

  /**
   * Starts a filter.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether a dead letter is selected.
   *
   * @param letter the dead letter
   * @return {@code true} if every criterion set holds for it
   */
  public boolean matches(DeadLetter letter) {
    if (reason != null && !reason.equals(letter.reason())) {
      return false;
    }
    if (errorClass != null && !errorClass.equals(letter.errorClass())) {
      return false;
    }
    if (!ids.isEmpty() && !ids.contains(letter.id())) {
      return false;
    }
    if (failedAfter != null || failedBefore != null) {
      Instant at = letter.lastFailedAt();
      if (at == null
          || (failedAfter != null && at.isBefore(failedAfter))
          || (failedBefore != null && !at.isBefore(failedBefore))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("DeadLetterFilter[");
    if (reason != null) {
      s.append("reason=").append(reason).append(' ');
    }
    if (errorClass != null) {
      s.append("errorClass=").append(errorClass).append(' ');
    }
    if (failedAfter != null) {
      s.append("failedAfter=").append(failedAfter).append(' ');
    }
    if (failedBefore != null) {
      s.append("failedBefore=").append(failedBefore).append(' ');
    }
    if (!ids.isEmpty()) {
      s.append("ids=").append(ids.size()).append(' ');
    }
    if (s.charAt(s.length() - 1) == ' ') {
      s.setLength(s.length() - 1);
    } else {
      s.append("all");
    }
    return s.append(']').toString();
  }

  /** Builds a {@link DeadLetterFilter}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String reason;
    private @Nullable String errorClass;
    private @Nullable Instant failedAfter;
    private @Nullable Instant failedBefore;
    private final Set<String> ids = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Selects dead letters with this reason ({@code exhausted}, {@code undecodable}).
     *
     * @param reason the reason
     * @return this builder
     */
    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /**
     * Selects dead letters whose last error has exactly this class name.
     *
     * @param errorClass the fully qualified class name
     * @return this builder
     */
    public Builder errorClass(String errorClass) {
      this.errorClass = errorClass;
      return this;
    }

    /**
     * Selects dead letters dead-lettered at or after this instant.
     *
     * @param instant the start of the window, inclusive
     * @return this builder
     */
    public Builder failedAfter(Instant instant) {
      this.failedAfter = instant;
      return this;
    }

    /**
     * Selects dead letters dead-lettered before this instant.
     *
     * @param instant the end of the window, exclusive
     * @return this builder
     */
    public Builder failedBefore(Instant instant) {
      this.failedBefore = instant;
      return this;
    }

    /**
     * Selects dead letters with one of these message ids (added to earlier calls).
     *
     * @param messageIds the ids
     * @return this builder
     */
    public Builder ids(Iterable<String> messageIds) {
      messageIds.forEach(ids::add);
      return this;
    }

    /**
     * The filter.
     *
     * @return a new immutable filter
     * @throws IllegalArgumentException if the time window ends before it starts
     */
    public DeadLetterFilter build() {
      if (failedAfter != null && failedBefore != null && !failedAfter.isBefore(failedBefore)) {
        throw new IllegalArgumentException(
            "dead-letter filter: failedAfter "
                + failedAfter
                + " must be before failedBefore "
                + failedBefore);
      }
      return new DeadLetterFilter(this);
    }
  }
}
