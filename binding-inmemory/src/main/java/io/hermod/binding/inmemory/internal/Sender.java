package io.hermod.binding.inmemory.internal;

/**
 * Who sends: the binding's name for receipts and errors, its send timeout and its timer. Immutable.
 *
 * @param bindingName the binding's name
 * @param sendTimeoutNanos how long a send may wait for room in a full channel
 * @param timeouts the binding's timer
 */
record Sender(String bindingName, long sendTimeoutNanos, Timeouts timeouts) {}
