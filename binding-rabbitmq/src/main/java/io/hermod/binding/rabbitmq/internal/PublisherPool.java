package io.hermod.binding.rabbitmq.internal;

import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The confirming channels every outbound endpoint of a binding shares, on the publishing
 * connection: unkeyed messages take them in turn, and all messages of one key take the same one,
 * which keeps their order (AMQP keeps the order of one channel's publishes). Thread-safe; the
 * channels are opened at start and reopened by the client's automatic recovery.
 */
final class PublisherPool {

  private final List<ConfirmingChannel> channels;
  private final AtomicInteger next = new AtomicInteger();

  PublisherPool(Connection connection, int size) throws IOException {
    List<ConfirmingChannel> c = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      c.add(new ConfirmingChannel(connection));
    }
    this.channels = List.copyOf(c);
  }

  ConfirmingChannel channelFor(@Nullable String key) {
    int i =
        key == null
            ? Math.floorMod(next.getAndIncrement(), channels.size())
            : Math.floorMod(key.hashCode(), channels.size());
    return channels.get(i);
  }

  void close(Consumer<Exception> onError) {
    for (ConfirmingChannel c : channels) {
      c.close(onError);
    }
  }
}
