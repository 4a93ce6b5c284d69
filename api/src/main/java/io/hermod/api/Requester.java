package io.hermod.api;

import java.util.concurrent.CompletionStage;

/**
 * Sends requests to an RPC channel and completes with the reply matched by correlation id, or
 * exceptionally with {@link MessagingTimeoutException} after the timeout. A reply arriving after
 * its timeout is dropped. Thread-safe.
 *
 * @param <Q> the request type
 * @param <R> the reply type
 * @since 0.1
 */
public interface Requester<Q, R> extends AutoCloseable {

  /**
   * Sends a request payload.
   *
   * @param request the request
   * @return completes with the reply payload, never {@code null}
   */
  CompletionStage<R> request(Q request);

  /**
   * Sends a request message (its correlation id and reply-to are set by Hermod).
   *
   * @param request the request message
   * @return completes with the reply message, never {@code null}
   */
  CompletionStage<Message<R>> requestMessage(Message<Q> request);

  /** Stops listening for replies; pending requests fail. Idempotent. */
  @Override
  void close();
}
