package io.hermod.examples;

/**
 * A charge sent to the {@code payments} queue. Immutable.
 *
 * @param orderId the order paid for
 * @param customerId who pays
 * @param amountCents how much, in cents
 * @since 0.1
 */
public record PaymentRequest(String orderId, String customerId, long amountCents) {}
