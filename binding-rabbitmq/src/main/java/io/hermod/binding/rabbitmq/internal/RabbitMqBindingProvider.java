package io.hermod.binding.rabbitmq.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.support.AbstractBindingProvider;

/**
 * Provides the {@code rabbitmq} binding: Hermod channels on RabbitMQ exchanges and queues through
 * the AMQP 0-9-1 client. Found by {@link java.util.ServiceLoader}; stateless and thread-safe.
 */
public final class RabbitMqBindingProvider extends AbstractBindingProvider {

  /** The binding's name, selected by {@code hermod.binding=rabbitmq}; its keys sit under it. */
  public static final String NAME = "rabbitmq";

  /** For {@link java.util.ServiceLoader}. */
  public RabbitMqBindingProvider() {
    super(NAME, RabbitMqSettings.KEYS);
  }

  @Override
  public Binding create(BindingContext context) {
    return new RabbitMqBinding(
        RabbitMqSettings.read(context.settings()),
        context.sendTimeout(),
        context.connectTimeout(),
        context.traffic());
  }
}
