/**
 * Hermod's Kafka binding: channels as Kafka topics, subscriptions as consumer groups. Exports
 * nothing; found through {@link io.hermod.spi.BindingProvider} under the name {@code kafka}.
 */
module io.hermod.binding.kafka {
  requires io.hermod.spi;
  requires kafka.clients;
  requires com.fasterxml.jackson.core;
  requires org.slf4j;
  requires static org.jspecify;

  provides io.hermod.spi.BindingProvider with
      io.hermod.binding.kafka.internal.KafkaBindingProvider;
}
