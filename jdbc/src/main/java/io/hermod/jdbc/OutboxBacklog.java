package io.hermod.jdbc;

import java.time.Duration;

/**
 * What waits in an outbox: the committed rows not yet published and the age of the oldest.
 *
 * @param unsent rows waiting
 * @param oldestUnsentAge how long the oldest has waited, {@link Duration#ZERO} when none waits
 * @since 0.4
 */
public record OutboxBacklog(long unsent, Duration oldestUnsentAge) {}
