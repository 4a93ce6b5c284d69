/**
 * The Kafka binding's implementation: topics for channels, consumer groups for queues and
 * subscriptions, offsets committed only up to the first unsettled record, and the durable
 * processed-id store of exactly-once channels (a compacted changelog topic per consumer group). Not
 * public API.
 */
@NullMarked
package io.hermod.binding.kafka.internal;

import org.jspecify.annotations.NullMarked;
