package io.hermod.binding.inmemory.internal;

import io.hermod.api.Message;
import io.hermod.spi.QueueInspection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Browses a queue channel's queue from a snapshot of its waiting messages and removes chosen ones
 * under the queue's lock; messages handed out to a consumer at the time are not shown. Holds
 * nothing, so closing gives nothing back. Not thread-safe.
 */
final class InMemoryInspection implements QueueInspection {

  private final MessageQueue queue;
  private final Supplier<Broker> broker;
  private final Set<String> shown = new HashSet<>();

  /**
   * An inspection.
   *
   * @param queue the queue
   * @param broker the binding's broker; fails once the binding is closed, as every call then does
   */
  InMemoryInspection(MessageQueue queue, Supplier<Broker> broker) {
    this.queue = queue;
    this.broker = broker;
  }

  @Override
  public void browse(Predicate<Message<byte[]>> visitor) {
    broker.get();
    for (Message<byte[]> m : queue.snapshot()) {
      shown.add(m.id());
      if (!visitor.test(m)) {
        return;
      }
    }
  }

  @Override
  public Set<String> remove(Set<String> ids) {
    broker.get();
    Set<String> selected = new HashSet<>(ids);
    selected.retainAll(shown);
    return queue.remove(selected);
  }

  @Override
  public void close() {}
}
