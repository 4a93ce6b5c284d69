package io.hermod.binding.inmemory.internal;

import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.spi.Outbound;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Sends to one channel of the broker. Thread-safe; never blocks the caller. */
final class InMemoryOutbound implements Outbound {

  private final InMemoryBinding binding;
  private final Channel channel;
  private final Sender sender;
  private final InMemorySettings settings;

  InMemoryOutbound(
      InMemoryBinding binding, Channel channel, Sender sender, InMemorySettings settings) {
    this.binding = binding;
    this.channel = channel;
    this.sender = sender;
    this.settings = settings;
  }

  @Override
  public List<CompletableFuture<Receipt>> send(List<Message<byte[]>> batch) {
    if (batch.size() == 1) {
      return List.of(sendOne(batch.get(0)));
    }
    List<CompletableFuture<Receipt>> out = new ArrayList<>(batch.size());
    for (Message<byte[]> m : batch) {
      out.add(sendOne(m));
    }
    return out;
  }

  private CompletableFuture<Receipt> sendOne(Message<byte[]> m) {
    CompletableFuture<Receipt> f = new CompletableFuture<>();
    InMemoryErrors errors = sender.errors();
    if (binding.isClosed()) {
      f.completeExceptionally(errors.closed(channel.name()));
    } else if (m.payload().length > settings.maxPayloadBytes()) {
      f.completeExceptionally(
          errors.tooLarge(channel.name(), m, settings.maxPayloadBytes(), settings.maxPayloadKey()));
    } else {
      try {
        channel.publish(m, f, sender);
      } catch (RuntimeException e) {
        // A failure the broker did not expect fails this send rather than the whole batch call.
        f.completeExceptionally(errors.translate(e, channel.name(), "send"));
      }
    }
    return f;
  }
}
