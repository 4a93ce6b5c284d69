package io.hermod.tck;

import io.hermod.api.Capabilities;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ChannelStatistics;
import io.hermod.api.Health;
import io.hermod.api.Message;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundDelivery;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.Outbound;
import io.hermod.spi.ProcessedIdStore;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.support.ConfigKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * A binding around another that loses acknowledgements: with probability {@code rate} an {@link
 * InboundDelivery#ack()} core makes after a message was processed becomes a {@link
 * InboundDelivery#nack(Duration) nack}, so the broker delivers the processed message again, as it
 * would after a consumer crashed between processing and acknowledging. Fault injection sits here,
 * beside the binding (the way a proxy such as Toxiproxy sits beside a client), so that production
 * code has no branch that exists only for a test. Give it to {@code
 * Hermod.builder().bindingProvider(...)}; its name and settings are the wrapped binding's.
 *
 * @since 0.2
 */
public final class LostAcks implements BindingProvider {

  private final BindingProvider delegate;
  private final double rate;

  private LostAcks(BindingProvider delegate, double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("rate must be between 0.0 and 1.0, was " + rate);
    }
    this.delegate = delegate;
    this.rate = rate;
  }

  /**
   * Wraps a provider.
   *
   * @param delegate the binding to wrap
   * @param rate the share of acknowledgements turned into nacks, 0.0 to 1.0
   * @return the wrapping provider, never {@code null}
   */
  public static LostAcks around(BindingProvider delegate, double rate) {
    return new LostAcks(delegate, rate);
  }

  /**
   * Wraps the provider of that name found on the class path.
   *
   * @param bindingName the binding's name, e.g. {@code artemis}; {@code null} for the only binding
   *     on the class path
   * @param rate the share of acknowledgements turned into nacks, 0.0 to 1.0
   * @return the wrapping provider, never {@code null}
   * @throws IllegalStateException if no such provider (or, for {@code null}, not exactly one) is
   *     found
   */
  public static LostAcks around(@Nullable String bindingName, double rate) {
    List<BindingProvider> found =
        ServiceLoader.load(BindingProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> bindingName == null || p.name().equals(bindingName))
            .toList();
    if (found.size() != 1) {
      throw new IllegalStateException(
          "LostAcks needs exactly one binding "
              + (bindingName == null ? "on the class path" : "named '" + bindingName + "'")
              + ", found "
              + found.stream().map(BindingProvider::name).toList());
    }
    return new LostAcks(found.get(0), rate);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String artifact() {
    return delegate.artifact();
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return delegate.configKeys();
  }

  @Override
  public Binding create(BindingContext context) {
    return new LosingBinding(delegate.create(context), rate);
  }

  /** Delegates everything; wraps each inbound handler's deliveries. */
  private static final class LosingBinding implements Binding {
    private final Binding binding;
    private final double rate;

    LosingBinding(Binding binding, double rate) {
      this.binding = binding;
      this.rate = rate;
    }

    @Override
    public Capabilities capabilities() {
      return binding.capabilities();
    }

    @Override
    public void start() {
      binding.start();
    }

    @Override
    public void provision(ChannelSpec channel) {
      binding.provision(channel);
    }

    @Override
    public void provisionSubscription(ChannelSpec channel, SubscriptionSpec subscription) {
      binding.provisionSubscription(channel, subscription);
    }

    @Override
    public void decommission(ChannelSpec channel) {
      binding.decommission(channel);
    }

    @Override
    public Outbound outbound(ChannelSpec channel) {
      return binding.outbound(channel);
    }

    @Override
    public Inbound inbound(
        ChannelSpec channel, SubscriptionSpec subscription, InboundHandler handler) {
      return binding.inbound(
          channel, subscription, d -> handler.onDelivery(new LosingDelivery(d, rate)));
    }

    @Override
    public Optional<ProcessedIdStore> processedIdStore(
        ChannelSpec channel, SubscriptionSpec subscription) {
      // A binding's store reads its own delivery type: hand it the wrapped delivery.
      return binding.processedIdStore(channel, subscription).map(UnwrappingStore::new);
    }

    @Override
    public String messagingSystem(String bindingName) {
      return binding.messagingSystem(bindingName);
    }

    @Override
    public ChannelStatistics statistics(ChannelSpec channel, SubscriptionSpec subscription) {
      return binding.statistics(channel, subscription);
    }

    @Override
    public Health health() {
      return binding.health();
    }

    @Override
    public void close() {
      binding.close();
    }
  }

  /** A binding's processed-id store, given the binding's own deliveries. */
  private record UnwrappingStore(ProcessedIdStore store) implements ProcessedIdStore {
    @Override
    public boolean isProcessed(InboundDelivery delivery) {
      return store.isProcessed(unwrap(delivery));
    }

    @Override
    public CompletionStage<Void> record(InboundDelivery delivery) {
      return store.record(unwrap(delivery));
    }

    @Override
    public void close() {
      store.close();
    }

    private static InboundDelivery unwrap(InboundDelivery delivery) {
      return delivery instanceof LosingDelivery losing ? losing.delivery : delivery;
    }
  }

  /** An acknowledgement lost with probability {@code rate}: the broker redelivers. */
  private static final class LosingDelivery implements InboundDelivery {
    private final InboundDelivery delivery;
    private final double rate;

    LosingDelivery(InboundDelivery delivery, double rate) {
      this.delivery = delivery;
      this.rate = rate;
    }

    @Override
    public Message<byte[]> message() {
      return delivery.message();
    }

    @Override
    public int deliveryCount() {
      return delivery.deliveryCount();
    }

    @Override
    public void ack() {
      if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
        delivery.nack(Duration.ZERO);
      } else {
        delivery.ack();
      }
    }

    @Override
    public void nack(Duration redeliverAfter) {
      delivery.nack(redeliverAfter);
    }

    @Override
    public void release() {
      delivery.release();
    }
  }
}
