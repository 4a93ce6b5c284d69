package io.hermod.examples;

/**
 * What {@link OrderService#placeOrder} decided. Immutable.
 *
 * @param orderId the order's id
 * @param accepted whether the order was accepted (stock reserved, payment and event sent)
 * @param amountCents the total, in cents ({@code 0} if rejected)
 * @since 0.1
 */
public record OrderResult(String orderId, boolean accepted, long amountCents) {}
