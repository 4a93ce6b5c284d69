package io.hermod.binding.inmemory.internal;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Durability;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * The broker's own client, bypassing Hermod's core: sends and receives raw messages on a named
 * broker. For tests (the TCK's plain client) and diagnostics; not part of Hermod's API, since this
 * package is not exported. Thread-safe.
 */
public final class BrokerClient implements AutoCloseable {

  private static final long POLL_NANOS = 1_000_000L;

  private final Broker broker;
  private final Sender sender;

  private BrokerClient(Broker broker) {
    this.broker = broker;
    this.sender =
        new Sender(
            new InMemoryErrors(InMemoryBindingProvider.NAME + "-client"),
            Duration.ofSeconds(10).toNanos(),
            new Timeouts("hermod-" + InMemoryBindingProvider.NAME + "-client-timer"));
  }

  /**
   * A client of the broker of that name, creating the broker if absent.
   *
   * @param brokerName the value of {@code hermod.inmemory.broker}
   * @return the client
   */
  public static BrokerClient of(String brokerName) {
    return new BrokerClient(BrokerRegistry.attach(brokerName));
  }

  /**
   * Forgets a broker and all its messages.
   *
   * @param brokerName the broker name
   */
  public static void removeBroker(String brokerName) {
    BrokerRegistry.remove(brokerName);
  }

  /**
   * Simulates an outage of the broker: sends fail with a connection error, health is down and
   * nothing is handed to consumers, while every message is kept for {@link #startBroker()}.
   */
  public void stopBroker() {
    broker.stop();
  }

  /** Ends a simulated outage: sends succeed again and consumers resume. */
  public void startBroker() {
    broker.start();
  }

  /**
   * Sends a message to a queue, creating the queue if absent.
   *
   * @param queue the queue name
   * @param message the message
   * @return the receipt
   */
  public Receipt send(String queue, Message<byte[]> message) {
    Channel c =
        broker.provision(
            ChannelSpec.queue(queue).durability(Durability.MEMORY).build(), sender.errors());
    CompletableFuture<Receipt> f = new CompletableFuture<>();
    c.publish(message, f, sender);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + queue, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "send to " + queue + " failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Takes one message from a queue and acknowledges it.
   *
   * @param queue the queue name
   * @param timeout the longest wait
   * @return the message, or empty after the timeout
   */
  public Optional<Message<byte[]>> receive(String queue, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Channel c = broker.channel(queue);
      Message<byte[]> m = c == null ? null : c.queue().takeAndAck();
      if (m != null) {
        return Optional.of(m);
      }
      if (System.nanoTime() - end >= 0L) {
        return Optional.empty();
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /**
   * How many messages wait in a queue (ready or delayed, not handed out).
   *
   * @param queue the queue name
   * @return the count, {@code 0} if the queue does not exist
   */
  public int depth(String queue) {
    Channel c = broker.channel(queue);
    return c == null ? 0 : c.queue().depth();
  }

  /** Stops the client's timer thread, if a blocked send started it. */
  @Override
  public void close() {
    sender.timeouts().close();
  }
}
