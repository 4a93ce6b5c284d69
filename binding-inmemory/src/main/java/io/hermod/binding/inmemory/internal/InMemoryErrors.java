package io.hermod.binding.inmemory.internal;

import io.hermod.api.ChannelFullException;
import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.Message;
import io.hermod.api.MessageTooLargeException;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.spi.support.BindingErrors;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory binding's errors, each naming the binding, the channel and the fix. The broker has
 * no client whose exceptions need translating: it raises these itself, and {@link
 * #translateClientFailure} covers only a failure the broker did not expect. Immutable.
 */
final class InMemoryErrors extends BindingErrors {

  /** The errors of a binding selected as {@link InMemoryBindingProvider#NAME}. */
  InMemoryErrors() {
    this(InMemoryBindingProvider.NAME);
  }

  /**
   * Errors naming another sender, such as {@link BrokerClient}.
   *
   * @param binding the name the errors and receipts carry
   */
  InMemoryErrors(String binding) {
    super(binding);
  }

  /** The binding was closed before or during the call. */
  ConnectionException closed(@Nullable String channel) {
    return new ConnectionException(
        binding(),
        channel,
        "the in-memory binding is closed; use an open Messaging instance or create a new one",
        null);
  }

  /**
   * The broker is in a simulated outage.
   *
   * @param consequence what fails, with the fix, e.g. {@code "sends fail until it is started
   *     again"}
   */
  ConnectionException stopped(Broker broker, @Nullable String channel, String consequence) {
    return new ConnectionException(
        binding(),
        channel,
        "in-memory broker '" + broker.name() + "' is stopped (a simulated outage); " + consequence,
        null);
  }

  /** A send to a full channel whose overflow policy is to reject. */
  ChannelFullException full(ChannelSpec spec) {
    return new ChannelFullException(
        binding(),
        spec.name(),
        "the channel is full: it holds its maxLength of "
            + spec.maxLength()
            + " messages and its overflow policy is REJECT; consume faster, raise"
            + " ChannelSpec.maxLength, or choose OverflowPolicy.BLOCK",
        null);
  }

  /** A send to a full channel whose overflow policy is to block found no room in time. */
  MessagingTimeoutException stayedFull(ChannelSpec spec, Duration sendTimeout) {
    return new MessagingTimeoutException(
        binding(),
        spec.name(),
        "the channel stayed full (maxLength "
            + spec.maxLength()
            + ", overflow BLOCK) for the whole send timeout of "
            + sendTimeout
            + "; consume faster, raise ChannelSpec.maxLength or hermod.send-timeout",
        null);
  }

  /** A payload above the binding's maximum. */
  MessageTooLargeException tooLarge(
      String channel, Message<byte[]> m, int maxPayloadBytes, String maxPayloadKey) {
    return new MessageTooLargeException(
        binding(),
        channel,
        "message "
            + m.id()
            + " has a payload of "
            + m.payload().length
            + " bytes, more than the maximum of "
            + maxPayloadBytes
            + "; send a smaller payload or raise "
            + maxPayloadKey,
        null);
  }

  /** A channel declared as the other kind than the broker already has it. */
  ConfigurationException kindConflict(ChannelSpec spec, Broker broker, ChannelKind existing) {
    return new ConfigurationException(
        binding(),
        spec.name(),
        "channel '" + spec.name() + "'",
        List.of(
            "it is declared as a "
                + spec.kind()
                + " but broker '"
                + broker.name()
                + "' already has it as a "
                + existing
                + "; use another channel name or declare it as a "
                + existing));
  }

  /**
   * The broker runs in this JVM and throws none but the exceptions above: anything else is a bug in
   * it, reported as such instead of escaping from the SPI call.
   */
  @Override
  protected MessagingException translateClientFailure(
      Throwable cause, @Nullable String channel, String action) {
    return new MessagingException(
        binding(),
        channel,
        "the in-memory broker failed to "
            + action
            + ": "
            + rootCause(cause)
            + "; this is a bug in the in-memory binding, please report it with this stack trace",
        cause);
  }
}
