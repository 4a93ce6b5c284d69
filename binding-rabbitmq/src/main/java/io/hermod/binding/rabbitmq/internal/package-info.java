/**
 * The RabbitMQ binding's implementation: the provider, the binding holding one publishing and one
 * consuming connection, outbound and inbound endpoints, the processed-id store on a stream, and the
 * mapping of Hermod messages, names and filters to AMQP 0-9-1. Not API: nothing here is exported.
 */
@NullMarked
package io.hermod.binding.rabbitmq.internal;

import org.jspecify.annotations.NullMarked;
