/**
 * Hermod's RabbitMQ binding: channels on RabbitMQ exchanges and queues through the AMQP 0-9-1 Java
 * client. Exports nothing; it is found through {@link io.hermod.spi.BindingProvider} under the name
 * {@code rabbitmq}.
 */
module io.hermod.binding.rabbitmq {
  requires io.hermod.spi;
  requires static org.jspecify;
  requires org.slf4j;
  requires com.rabbitmq.client;

  provides io.hermod.spi.BindingProvider with
      io.hermod.binding.rabbitmq.internal.RabbitMqBindingProvider;
}
