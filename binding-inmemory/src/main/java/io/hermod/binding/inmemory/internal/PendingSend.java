package io.hermod.binding.inmemory.internal;

import io.hermod.api.Message;
import io.hermod.api.Receipt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * A send waiting for room in a full channel whose overflow policy is to block. Guarded by the
 * channel's publish lock.
 */
final class PendingSend {

  final Message<byte[]> message;
  final CompletableFuture<Receipt> future;
  final Sender sender;
  @Nullable ScheduledFuture<?> timeout;

  PendingSend(Message<byte[]> message, CompletableFuture<Receipt> future, Sender sender) {
    this.message = message;
    this.future = future;
    this.sender = sender;
  }

  void cancelTimeout() {
    ScheduledFuture<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
  }
}
