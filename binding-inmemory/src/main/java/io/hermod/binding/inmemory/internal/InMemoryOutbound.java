package io.hermod.binding.inmemory.internal;

import io.hermod.api.ConnectionException;
import io.hermod.api.Message;
import io.hermod.api.MessageTooLargeException;
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
  private final int maxPayloadBytes;

  InMemoryOutbound(InMemoryBinding binding, Channel channel, Sender sender, int maxPayloadBytes) {
    this.binding = binding;
    this.channel = channel;
    this.sender = sender;
    this.maxPayloadBytes = maxPayloadBytes;
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
    if (binding.isClosed()) {
      f.completeExceptionally(
          new ConnectionException(
              sender.bindingName(),
              channel.name(),
              "the binding is closed; send through an open Messaging instance",
              null));
    } else if (m.payload().length > maxPayloadBytes) {
      f.completeExceptionally(
          new MessageTooLargeException(
              sender.bindingName(),
              channel.name(),
              "message "
                  + m.id()
                  + " has a payload of "
                  + m.payload().length
                  + " bytes, more than the maximum of "
                  + maxPayloadBytes
                  + "; send a smaller payload or raise hermod.inmemory.max-payload-bytes",
              null));
    } else {
      channel.publish(m, f, sender);
    }
    return f;
  }
}
