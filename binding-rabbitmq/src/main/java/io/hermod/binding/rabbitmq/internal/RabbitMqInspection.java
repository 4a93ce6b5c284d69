package io.hermod.binding.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.hermod.api.Message;
import io.hermod.spi.QueueInspection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Browses queues with {@code basic.get} without auto-ack on a channel of its own, so every message
 * is shown once and held unacknowledged; removes chosen ones with {@code basic.ack} followed by a
 * synchronous {@code queue.declare passive} on the same channel (the broker handles a channel's
 * commands in order, so the acks are done when it answers); closing the channel returns the rest to
 * the queue, as a dropped connection does after a crash. On a quorum queue each return counts
 * towards its {@code x-delivery-limit} (see the binding README). Not thread-safe.
 */
final class RabbitMqInspection implements QueueInspection {

  private final Connection connection;
  private final List<String> queues;
  private final String channelName;
  private final RabbitMqErrors errors;
  private final Map<String, List<Long>> tags = new LinkedHashMap<>();
  private @Nullable Channel channel;

  RabbitMqInspection(
      Connection connection, List<String> queues, String channelName, RabbitMqErrors errors) {
    this.connection = connection;
    this.queues = queues;
    this.channelName = channelName;
    this.errors = errors;
  }

  @Override
  public void browse(Predicate<Message<byte[]>> visitor) {
    try {
      Channel ch = channel();
      for (String queue : queues) {
        for (GetResponse r = ch.basicGet(queue, false); r != null; r = ch.basicGet(queue, false)) {
          long tag = r.getEnvelope().getDeliveryTag();
          Message<byte[]> m = RabbitMqWire.message(r.getProps(), r.getBody(), queue + "#" + tag);
          tags.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(tag);
          if (!visitor.test(m)) {
            return;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw errors.translate(e, channelName, "browsing queue " + channelName);
    }
  }

  @Override
  public Set<String> remove(Set<String> ids) {
    Set<String> removed = new HashSet<>();
    try {
      Channel ch = channel();
      for (String id : ids) {
        List<Long> held = tags.remove(id);
        if (held == null) {
          continue;
        }
        for (long tag : held) {
          ch.basicAck(tag, false);
        }
        removed.add(id);
      }
      if (!removed.isEmpty()) {
        ch.queueDeclarePassive(queues.get(0));
      }
    } catch (IOException | RuntimeException e) {
      throw errors.translate(e, channelName, "removing messages from queue " + channelName);
    }
    return removed;
  }

  @Override
  public void close() {
    Channel ch = channel;
    channel = null;
    tags.clear();
    if (ch != null && ch.isOpen()) {
      try {
        ch.close();
      } catch (IOException | TimeoutException | RuntimeException e) {
        // The broker returns the unacknowledged messages when the channel or connection goes.
      }
    }
  }

  private Channel channel() throws IOException {
    Channel ch = channel;
    if (ch == null) {
      ch = connection.createChannel();
      channel = ch;
    }
    return ch;
  }
}
