package io.hermod.api;

/**
 * What a {@link DeadLetters#redrive redrive} or {@link DeadLetters#purge purge} did. Immutable.
 *
 * @param selected the dead letters the filter selected
 * @param done those redriven (confirmed by the broker on the original channel and removed from the
 *     dead-letter queue) or purged
 * @param failed those left in the dead-letter queue because sending or removing them failed
 * @since 0.5
 */
public record DeadLetterResult(int selected, int done, int failed) {}
