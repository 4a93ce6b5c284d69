package io.hermod.examples;

/**
 * The inventory's answer to a {@link StockQuery}. Immutable.
 *
 * @param sku the product asked about
 * @param available whether the quantity was reserved
 * @param unitPriceCents the price of one unit, in cents
 * @since 0.1
 */
public record StockReply(String sku, boolean available, long unitPriceCents) {}
