package io.hermod.examples;

import io.hermod.api.Delivery;
import io.hermod.api.Messaging;
import io.hermod.api.Subscription;
import io.hermod.api.SubscriptionOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inventory service: answers {@link StockQuery} requests on the {@code inventory} queue,
 * reserving stock when there is enough. Thread-safe.
 *
 * @since 0.1
 */
public final class InventoryService {

  private final Map<String, Integer> stock;
  private final Map<String, Long> unitPricesCents;

  /**
   * An inventory holding the given stock at the given prices.
   *
   * @param stock units on hand per SKU
   * @param unitPricesCents the price of one unit per SKU, in cents
   */
  public InventoryService(Map<String, Integer> stock, Map<String, Long> unitPricesCents) {
    this.stock = new ConcurrentHashMap<>(stock);
    this.unitPricesCents = Map.copyOf(unitPricesCents);
  }

  /**
   * Starts answering requests.
   *
   * @param messaging where the {@code inventory} queue is declared
   * @return the running responder; close it to stop answering
   */
  public Subscription start(Messaging messaging) {
    return messaging.respond(
        OrderApplication.INVENTORY,
        StockQuery.class,
        StockReply.class,
        SubscriptionOptions.defaults(),
        this::answer);
  }

  /**
   * The units left of a SKU.
   *
   * @param sku the product
   * @return the units on hand, {@code 0} for an unknown SKU
   */
  public int unitsLeft(String sku) {
    return stock.getOrDefault(sku, 0);
  }

  private StockReply answer(Delivery<StockQuery> request) {
    StockQuery q = request.payload();
    long price = unitPricesCents.getOrDefault(q.sku(), 0L);
    boolean[] reserved = {false};
    // compute() makes the check and the decrement one atomic step per SKU.
    stock.computeIfPresent(
        q.sku(),
        (sku, units) -> {
          if (q.quantity() > 0 && units >= q.quantity()) {
            reserved[0] = true;
            return units - q.quantity();
          }
          return units;
        });
    return new StockReply(q.sku(), reserved[0], price);
  }
}
