package io.hermod.core.internal;

import io.hermod.api.Registration;
import io.hermod.api.Subscription;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The subscriptions of one registered object. Thread-safe; closing is idempotent. */
final class ListenerRegistration implements Registration {

  private static final Logger log = LoggerFactory.getLogger(ListenerRegistration.class);

  private final String owner;
  private final List<Subscription> subscriptions;
  private final AtomicBoolean closed = new AtomicBoolean();

  ListenerRegistration(String owner, List<Subscription> subscriptions) {
    this.owner = owner;
    this.subscriptions = List.copyOf(subscriptions);
  }

  @Override
  public List<Subscription> subscriptions() {
    return subscriptions;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Subscription s : subscriptions) {
      try {
        s.close();
      } catch (RuntimeException e) {
        log.warn(
            "closing subscription {} on {} of {} failed: {}",
            s.name(),
            s.channel(),
            owner,
            e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "Registration[" + owner + ", " + subscriptions.size() + " subscriptions]";
  }
}
