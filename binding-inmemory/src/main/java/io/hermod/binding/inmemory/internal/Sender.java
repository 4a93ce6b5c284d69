package io.hermod.binding.inmemory.internal;

/**
 * Who sends: the errors (and so the binding's name for receipts), the send timeout and the timer.
 * Immutable.
 *
 * @param errors the sending binding's errors; {@link InMemoryErrors#binding()} names receipts too
 * @param sendTimeoutNanos how long a send may wait for room in a full channel
 * @param timeouts the binding's timer
 */
record Sender(InMemoryErrors errors, long sendTimeoutNanos, Timeouts timeouts) {}
