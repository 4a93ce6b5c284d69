package io.hermod.opentelemetry;

/**
 * How a consumer's {@code process} span relates to the {@code send} span of the message it
 * processes, whose context the message carries in its {@code traceparent} header.
 *
 * <p>The modes differ in the parent: the send span, or the consumer's own context with a link to
 * the send span. A parented span carries no link as well: the messaging semantic conventions make
 * the link optional when the creation context is already the parent.
 *
 * @since 0.3
 */
public enum ConsumerSpans {

  /**
   * The process span is a child of the send span (and not also linked to it): producer and consumer
   * are one trace, which is what the semantic conventions recommend when a single message is
   * processed on its own (Hermod hands the handler one message at a time) and what trace views show
   * as one request flowing across services. The default. A message without trace context gets the
   * consumer thread's current context as parent.
   */
  PARENTED,

  /**
   * The process span starts in the consumer thread's current context (usually a new trace) and only
   * links to the send span. For fan-out topics and long-lived messages, where one trace per publish
   * would grow without bound (every subscriber, every redelivery, hours later) and where a
   * consumer's sampling decision should not be dictated by the producer's.
   */
  LINKED
}
