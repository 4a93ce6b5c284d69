package io.hermod.examples;

import io.hermod.api.Request;

/**
 * The typed RPC client of the inventory service ({@code inventory} queue). The proxy is
 * thread-safe.
 *
 * @since 0.1
 */
public interface Inventory {

  /**
   * Asks whether the stock can be reserved, blocking for the reply.
   *
   * @param query what to reserve
   * @return the inventory's answer, never {@code null}
   */
  // Generous: an SQS round trip on a loaded machine can take seconds.
  @Request(channel = OrderApplication.INVENTORY, timeout = "60s")
  StockReply reserve(StockQuery query);
}
