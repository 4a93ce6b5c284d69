package io.hermod.jdbc.internal;

import io.hermod.api.Message;

/**
 * One committed outbox row read by a relay: its sequence number, channel and the encoded message.
 *
 * @param seq the row's sequence number
 * @param channel the channel to publish to
 * @param message the message, payload already encoded
 */
record OutboxRow(long seq, String channel, Message<byte[]> message) {}
