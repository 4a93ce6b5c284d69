package io.hermod.binding.inmemory.internal;

import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.spi.Outbound;
import io.hermod.spi.observation.BrokerOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Sends to one channel of the broker. Thread-safe; never blocks the caller. */
final class InMemoryOutbound implements Outbound {

  private final InMemoryBinding binding;
  private final Channel channel;
  private final Sender sender;
  private final InMemorySettings settings;
  private final InMemoryTraffic traffic;

  InMemoryOutbound(
      InMemoryBinding binding,
      Channel channel,
      Sender sender,
      InMemorySettings settings,
      InMemoryTraffic traffic) {
    this.binding = binding;
    this.channel = channel;
    this.sender = sender;
    this.settings = settings;
    this.traffic = traffic;
  }

  @Override
  public List<CompletableFuture<Receipt>> send(List<Message<byte[]>> batch) {
    if (batch.size() == 1) {
      Message<byte[]> m = batch.get(0);
      CompletableFuture<Receipt> f = new CompletableFuture<>();
      if (sendOne(m, f) && traffic.metered) {
        traffic.record(channel.name(), BrokerOperation.SEND, InMemoryTraffic.bytes(m));
      }
      return List.of(f);
    }
    List<CompletableFuture<Receipt>> out = new ArrayList<>(batch.size());
    boolean reached = false;
    long bytes = 0;
    for (Message<byte[]> m : batch) {
      CompletableFuture<Receipt> f = new CompletableFuture<>();
      out.add(f);
      if (sendOne(m, f)) {
        reached = true;
        if (traffic.metered) {
          bytes += InMemoryTraffic.bytes(m);
        }
      }
    }
    // The whole call is one request, as a batched send is on a networked broker.
    if (reached && traffic.metered) {
      traffic.record(channel.name(), BrokerOperation.SEND, bytes);
    }
    return out;
  }

  /**
   * Sends one message, completing {@code f} now or (on a full blocking channel) later.
   *
   * @return whether the message reached the broker (was not refused by the binding itself)
   */
  private boolean sendOne(Message<byte[]> m, CompletableFuture<Receipt> f) {
    InMemoryErrors errors = sender.errors();
    if (binding.isClosed()) {
      f.completeExceptionally(errors.closed(channel.name()));
      return false;
    }
    if (m.payload().length > settings.maxPayloadBytes()) {
      f.completeExceptionally(
          errors.tooLarge(channel.name(), m, settings.maxPayloadBytes(), settings.maxPayloadKey()));
      return false;
    }
    try {
      channel.publish(m, f, sender);
    } catch (RuntimeException e) {
      // A failure the broker did not expect fails this send rather than the whole batch call.
      f.completeExceptionally(errors.translate(e, channel.name(), "send"));
    }
    return true;
  }
}
