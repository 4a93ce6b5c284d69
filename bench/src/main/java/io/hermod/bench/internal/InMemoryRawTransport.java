package io.hermod.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The raw in-process baseline: a plain {@link ArrayBlockingQueue} hand-off to one consumer thread.
 * Not thread-safe (one benchmark thread sends).
 */
final class InMemoryRawTransport implements Transport {

  private static final byte[] POISON = new byte[0];
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final List<Thread> threads = new ArrayList<>();

  @Override
  public String side() {
    return "raw";
  }

  @Override
  public Channel open(String name, boolean exactlyOnce, Consumer<byte[]> sink) {
    // One consumer keeps per-key (in fact total) order, so exactly-once needs nothing more here.
    BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(1024);
    Thread consumer = pump(name, queue, sink);
    return new Channel() {
      @Override
      public CompletableFuture<?> send(byte[] payload, long seq) {
        put(queue, payload);
        return DONE;
      }

      @Override
      public void close() throws InterruptedException {
        queue.put(POISON);
        consumer.join();
      }
    };
  }

  @Override
  public Rpc rpc(String name) {
    BlockingQueue<byte[]> requests = new ArrayBlockingQueue<>(16);
    BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(16);
    UnaryOperator<byte[]> echo = UnaryOperator.identity();
    Thread responder = pump(name, requests, r -> put(replies, echo.apply(r)));
    return new Rpc() {
      @Override
      public byte[] call(byte[] request) throws InterruptedException {
        requests.put(request);
        return replies.take();
      }

      @Override
      public void close() throws InterruptedException {
        requests.put(POISON);
        responder.join();
      }
    };
  }

  private Thread pump(String name, BlockingQueue<byte[]> queue, Consumer<byte[]> sink) {
    Thread t =
        new Thread(
            () -> {
              try {
                for (byte[] p = queue.take(); p != POISON; p = queue.take()) {
                  sink.accept(p);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "raw-inmemory-" + name);
    t.setDaemon(true);
    t.start();
    threads.add(t);
    return t;
  }

  private static void put(BlockingQueue<byte[]> queue, byte[] payload) {
    try {
      queue.put(payload);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing off", e);
    }
  }

  @Override
  public void close() {
    threads.forEach(Thread::interrupt);
  }
}
