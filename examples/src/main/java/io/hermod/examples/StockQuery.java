package io.hermod.examples;

/**
 * An RPC request to the inventory: can {@code quantity} of {@code sku} be reserved? Immutable.
 *
 * @param sku the product
 * @param quantity how many
 * @since 0.1
 */
public record StockQuery(String sku, int quantity) {}
