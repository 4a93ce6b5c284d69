/**
 * The in-process broker behind the {@code inmemory} binding: a JVM-wide registry of named brokers
 * ({@link io.hermod.binding.inmemory.internal.BrokerRegistry}), their channels (a queue, or a topic
 * fanning out to one queue per subscription), and the SPI endpoints on top of them.
 *
 * <p>Locking: each channel has a publish lock (dedup window, bounds, fan-out, retention) and each
 * queue its own lock (ready, delayed and in-flight messages). A send takes the publish lock, then
 * the queue lock; nothing takes them in the other order, and no future is completed or handler
 * called while either is held.
 */
@NullMarked
package io.hermod.binding.inmemory.internal;

import org.jspecify.annotations.NullMarked;
