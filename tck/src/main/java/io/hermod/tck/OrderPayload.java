package io.hermod.tck;

/**
 * A structured payload, decoded by the JSON codec, for the scenario where bytes cannot be decoded
 * to the subscriber's type (D03).
 *
 * @param orderId an id
 * @param quantity a number
 */
record OrderPayload(String orderId, int quantity) {}
