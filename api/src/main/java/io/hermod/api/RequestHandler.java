package io.hermod.api;

/**
 * Answers one request of an RPC channel; the returned value is sent back to the requester. Throwing
 * redelivers the request like any handler failure.
 *
 * @param <Q> the request type
 * @param <R> the reply type
 * @since 0.1
 */
@FunctionalInterface
public interface RequestHandler<Q, R> {

  /**
   * Answers a request.
   *
   * @param request the request delivery
   * @return the reply payload, never {@code null}
   * @throws Exception to have the request redelivered
   */
  R handle(Delivery<Q> request) throws Exception;
}
