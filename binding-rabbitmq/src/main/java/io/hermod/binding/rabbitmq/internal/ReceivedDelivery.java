package io.hermod.binding.rabbitmq.internal;

/**
 * A delivery that knows when this client received it, so that the processed-id store can tell
 * whether a read barrier it already passed covers it (see {@link RabbitMqProcessedIdStore}).
 */
interface ReceivedDelivery {

  /**
   * When the client received the delivery.
   *
   * @return a {@link System#nanoTime()} reading
   */
  long receivedNanos();
}
