package io.hermod.spi;

import io.hermod.api.Filter;
import io.hermod.api.StartPosition;

/**
 * A subscription as the binding sees it.
 *
 * @param name the subscription name: on a topic, instances with the same name compete for one copy
 *     of each message; on a queue all consumers compete whatever the name
 * @param filter the filter; a binding declaring {@link io.hermod.api.Capability#BROKER_FILTERING}
 *     applies it on the broker, others may ignore it (core filters again in the client)
 * @param prefetch the most deliveries the binding may hand over without their being settled
 * @param startPosition where a new subscription starts
 * @since 0.1
 */
public record SubscriptionSpec(
    String name, Filter filter, int prefetch, StartPosition startPosition) {}
