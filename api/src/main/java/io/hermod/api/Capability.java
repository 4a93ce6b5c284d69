package io.hermod.api;

/**
 * A promise a binding can keep. The TCK runs a capability's scenarios only for bindings that
 * declare it, and reports the others as skipped with the reason.
 *
 * @since 0.1
 */
public enum Capability {
  /** Per-key order ({@link Message#key()}) is kept from publisher to handler. */
  ORDERED,
  /** {@link DeliveryGuarantee#EXACTLY_ONCE} channels can be declared. */
  EXACTLY_ONCE,
  /** Exhausted messages are moved to a dead-letter channel. */
  DEAD_LETTER,
  /** Per-message time-to-live: expired messages are never delivered. */
  TTL,
  /** Delayed delivery ({@link Message#deliverAt()}). */
  DELAY,
  /** Bounded channels ({@link ChannelSpec#maxLength()}). */
  BOUNDED,
  /** A declared maximum payload size, checked before a message reaches the broker. */
  LIMITS,
  /** {@link Durability#PERSISTENT} channels survive a broker restart. */
  PERSISTENT,
  /** A new subscription can start from the earliest retained message. */
  REPLAY,
  /** Batch send with per-entry results and batch receive. */
  BATCH,
  /** Subscriptions can be paused and resumed. */
  PAUSE,
  /** Connections can use TLS. */
  TLS,
  /** Connections can authenticate. */
  AUTH,
  /** Health reflects the broker connection. */
  HEALTH,
  /** Routing-key and header filters are evaluated by the broker, not in the client. */
  BROKER_FILTERING,
  /** The broker itself drops duplicate message ids. */
  NATIVE_DEDUP
}
