package io.hermod.tck;

import static org.junit.jupiter.api.Assertions.fail;

import io.hermod.api.Message;
import io.hermod.api.Publisher;
import io.hermod.api.Receipt;
import io.hermod.api.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * Sending for the scenarios of groups C to G: a send that must get its receipt, a pipelined run of
 * sends, and a send that must fail. Every wait is bounded, so a hanging send fails the scenario
 * with what was expected instead of hanging the kit. Stateless, thread-safe.
 */
final class Traffic {

  /** The longest a single send may take to get its receipt before the scenario fails. */
  static final Duration RECEIPT_WAIT = Duration.ofSeconds(30);

  /** How many sends a pipelined run keeps in flight at once. */
  static final int WINDOW = 256;

  private Traffic() {}

  /**
   * {@code n} text messages {@code <prefix>-<i>} with header {@code seq = i}.
   *
   * @param prefix the payload prefix
   * @param n how many
   * @return the messages in order
   */
  static List<Message<String>> texts(String prefix, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> Message.builder(prefix + "-" + i).header("seq", Integer.toString(i)).build())
        .toList();
  }

  /**
   * The ids of some messages, in order.
   *
   * @param messages the messages
   * @return their ids
   */
  static List<String> ids(List<? extends Message<?>> messages) {
    return messages.stream().map(Message::id).toList();
  }

  /**
   * Sends one message and waits for its receipt.
   *
   * @return the receipt
   * @throws AssertionError if the send fails or gets no receipt within {@link #RECEIPT_WAIT}
   */
  static <T> Receipt send(Publisher<T> publisher, Message<T> message) {
    try {
      return publisher
          .send(message)
          .toCompletableFuture()
          .get(RECEIPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while sending " + message.id(), e);
    } catch (ExecutionException e) {
      throw new AssertionError(
          "expected a receipt for message "
              + message.id()
              + " on "
              + publisher.channel()
              + ", but the send failed: "
              + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(
          "expected a receipt for message "
              + message.id()
              + " on "
              + publisher.channel()
              + " within "
              + RECEIPT_WAIT
              + ", got neither a receipt nor an error",
          e);
    }
  }

  /**
   * Sends messages one after another, each waiting for its receipt, so the broker sees them in this
   * order (for the per-key order scenarios).
   */
  static <T> void sendInOrder(Publisher<T> publisher, List<Message<T>> messages) {
    for (Message<T> m : messages) {
      send(publisher, m);
    }
  }

  /**
   * Sends messages with up to {@link #WINDOW} in flight and waits for every receipt.
   *
   * @return message id to receipt
   * @throws AssertionError naming the first failures if any send did not get a receipt
   */
  static <T> Map<String, Receipt> sendPipelined(Publisher<T> publisher, List<Message<T>> messages) {
    Semaphore window = new Semaphore(WINDOW);
    Map<String, Receipt> receipts = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<Receipt>> futures = new ArrayList<>(messages.size());
    try {
      for (Message<T> m : messages) {
        if (!window.tryAcquire(RECEIPT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          fail(
              "expected sends to "
                  + publisher.channel()
                  + " to complete, but "
                  + WINDOW
                  + " were still in flight after "
                  + RECEIPT_WAIT);
        }
        CompletableFuture<Receipt> f;
        try {
          f = publisher.send(m).toCompletableFuture();
        } catch (RuntimeException e) {
          window.release();
          throw new AssertionError("send of " + m.id() + " threw " + e, e);
        }
        futures.add(
            f.whenComplete(
                (r, e) -> {
                  window.release();
                  if (e != null) {
                    failures.add(m.id() + ": " + unwrap(e));
                  } else {
                    receipts.put(m.id(), r);
                  }
                }));
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
          .handle((v, e) -> null)
          .get(RECEIPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while sending", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError(
          "expected "
              + messages.size()
              + " receipts from "
              + publisher.channel()
              + ", got "
              + receipts.size()
              + " and "
              + failures.size()
              + " failures after waiting "
              + RECEIPT_WAIT,
          e);
    }
    if (!failures.isEmpty()) {
      List<String> first = failures.stream().limit(5).toList();
      fail(
          "expected a receipt for each of "
              + messages.size()
              + " messages on "
              + publisher.channel()
              + ", but "
              + failures.size()
              + " sends failed, first: "
              + first);
    }
    return receipts;
  }

  /**
   * Sends a large backlog as fast as the binding allows: in {@link Publisher#sendAll} batches of
   * {@code batchSize} when {@code batches} is set (the binding declares BATCH), else pipelined.
   *
   * @throws AssertionError if any entry did not get a receipt
   */
  static <T> void sendBulk(
      Publisher<T> publisher, List<Message<T>> messages, boolean batches, int batchSize) {
    if (!batches) {
      sendPipelined(publisher, messages);
      return;
    }
    for (int from = 0; from < messages.size(); from += batchSize) {
      List<Message<T>> chunk = messages.subList(from, Math.min(messages.size(), from + batchSize));
      List<SendResult> results;
      try {
        results =
            publisher
                .sendAll(chunk)
                .toCompletableFuture()
                .get(RECEIPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while sending a batch", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError(
            "expected per-entry results for a batch of "
                + chunk.size()
                + " on "
                + publisher.channel()
                + ", got "
                + unwrap(e),
            e);
      }
      List<String> failed =
          results.stream()
              .filter(r -> !r.isSuccess())
              .map(r -> r.messageId() + ": " + r.error())
              .toList();
      if (results.size() != chunk.size() || !failed.isEmpty()) {
        fail(
            "expected a receipt for each of "
                + chunk.size()
                + " batch entries on "
                + publisher.channel()
                + ", got "
                + results.size()
                + " results, failed: "
                + failed.stream().limit(5).toList());
      }
    }
  }

  /**
   * Runs a send that must fail and returns its error, whether the call threw or the returned stage
   * completed exceptionally.
   *
   * @param what describes the send, for the failure message
   * @param send starts the send
   * @param within the longest wait for the outcome
   * @return the error, unwrapped from completion wrappers
   * @throws AssertionError if the send succeeded or had no outcome within {@code within}
   */
  static Throwable failure(
      String what, Callable<? extends CompletionStage<?>> send, Duration within) {
    CompletionStage<?> stage;
    try {
      stage = send.call();
    } catch (Exception e) {
      return unwrap(e);
    }
    try {
      Object r = stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected " + what + " to fail, but it succeeded with " + r);
    } catch (ExecutionException e) {
      return unwrap(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "expected "
              + what
              + " to fail within "
              + within
              + ", but it neither failed nor succeeded",
          e);
    }
  }

  /**
   * Strips {@link ExecutionException} and {@link CompletionException} wrappers.
   *
   * @param t an error
   * @return the first error that is not such a wrapper
   */
  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof ExecutionException || e instanceof CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * Whether {@code t} or one of its causes is a {@code type}.
   *
   * @param t the error
   * @param type the type looked for
   * @return {@code true} if found in the cause chain
   */
  static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable e = t; e != null; e = e.getCause()) {
      if (type.isInstance(e)) {
        return true;
      }
      if (e.getCause() == e) {
        break;
      }
    }
    return false;
  }
}
