package io.hermod.bench.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One side of a comparison: a way of moving payloads through a broker (Hermod, or the broker's raw
 * client). Used by one benchmark thread at a time; sinks are called on consumer threads.
 */
public interface Transport extends AutoCloseable {

  /** A one-way channel with a running consumer. */
  interface Channel extends AutoCloseable {
    /**
     * Sends one payload; the future completes when the broker confirmed it.
     *
     * @param payload the bytes
     * @param seq the sequence number (selects the ordering key on exactly-once channels)
     * @return the confirmation
     */
    CompletableFuture<?> send(byte[] payload, long seq);

    @Override
    void close() throws Exception;
  }

  /** A request/reply pair with an echo responder. */
  interface Rpc extends AutoCloseable {
    /**
     * Sends a request and waits for its reply.
     *
     * @param request the bytes
     * @return the reply
     * @throws Exception if no reply arrives
     */
    byte[] call(byte[] request) throws Exception;

    @Override
    void close() throws Exception;
  }

  /**
   * The side's label.
   *
   * @return {@code hermod} or {@code raw}
   */
  String side();

  /**
   * Opens a queue channel and starts consuming it.
   *
   * @param name a fresh channel name
   * @param exactlyOnce whether the channel is ordered and deduplicated
   * @param sink receives every consumed payload
   * @return the channel
   * @throws Exception if the broker refuses
   */
  Channel open(String name, boolean exactlyOnce, Consumer<byte[]> sink) throws Exception;

  /**
   * Opens an RPC queue with an echo responder.
   *
   * @param name a fresh channel name
   * @return the requester side
   * @throws Exception if the broker refuses
   */
  Rpc rpc(String name) throws Exception;

  @Override
  void close() throws Exception;
}
