package io.hermod.core.internal;

import io.hermod.api.Delivery;
import io.hermod.api.Message;
import org.jspecify.annotations.Nullable;

/**
 * A decoded message as a push handler sees it. Immutable.
 *
 * @param message the decoded message
 * @param attempt the delivery attempt, {@code >= 1}
 * @param channel the channel
 * @param subscription the subscription name on a topic, {@code null} on a queue
 * @param <T> the payload type
 */
record ReceivedDelivery<T>(
    Message<T> message, int attempt, String channel, @Nullable String subscription)
    implements Delivery<T> {}
