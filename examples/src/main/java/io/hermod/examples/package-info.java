/**
 * The order-service example: {@link io.hermod.examples.OrderApplication} wires an {@link
 * io.hermod.examples.OrderService} that checks stock over RPC, charges an exactly-once {@code
 * payments} queue and announces {@link io.hermod.examples.OrderPlaced} on the {@code order-events}
 * topic, where billing and shipping listen with routing-key filters. Only {@code io.hermod.api} and
 * {@code io.hermod.core.Hermod} are used; no binding is named.
 */
@NullMarked
package io.hermod.examples;

import org.jspecify.annotations.NullMarked;
