package io.hermod.api;

import java.time.Instant;

/**
 * Proof that a binding's broker accepted a message (a publisher confirm).
 *
 * @param binding the binding that sent it
 * @param channel the channel it was sent to
 * @param messageId the message's id
 * @param brokerReference the broker's own reference (offset, message id, ...), never {@code null},
 *     possibly empty
 * @param acceptedAt when the broker's acceptance was observed
 * @since 0.1
 */
public record Receipt(
    String binding, String channel, String messageId, String brokerReference, Instant acceptedAt) {}
