package io.hermod.spi.observation;

/**
 * Where a binding reports the requests it makes to its broker and the bytes they carry, per
 * channel: what a channel costs. A binding gets one in its {@link
 * io.hermod.spi.BindingContext#traffic() context} and calls it once per broker request (or per
 * batch of requests it counts together). Calls are cheap and never block: with no observer
 * installed they do nothing. Thread-safe.
 *
 * @since 0.3
 */
@FunctionalInterface
public interface BrokerTraffic {

  /** Traffic that nobody counts. */
  BrokerTraffic NONE = (channel, operation, requests, billedRequests, bytes) -> {};

  /**
   * Counts requests to the broker.
   *
   * @param channel the channel's name
   * @param operation what the requests did
   * @param requests how many requests (a batched send of 10 messages is one)
   * @param billedRequests how many requests the broker's operator bills for them: the same as
   *     {@code requests} except where billing counts differently (SQS bills one request per 64 KiB
   *     of payload)
   * @param bytes the message bytes the requests carried (payloads and headers), {@code 0} if none
   */
  void record(
      String channel, BrokerOperation operation, int requests, int billedRequests, long bytes);
}
