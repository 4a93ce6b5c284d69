package io.hermod.binding.sqs.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.api.MessageTooLargeException;
import io.hermod.api.MessagingException;
import io.hermod.api.Receipt;
import io.hermod.spi.Outbound;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.support.BindingErrors;
import io.hermod.spi.support.DedupIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * Sends to one channel: a queue channel's queue, or every subscription queue of a topic whose
 * filter selects the message (fan-out). Batches are split to the SQS limits (10 entries and the
 * maximum total size per call), never rejected. Thread-safe.
 */
final class SqsOutbound implements Outbound {

  /** SQS's per-message delay limit. */
  private static final long MAX_DELAY_SECONDS = 900;

  private final SqsAsyncClient client;
  private final SqsErrors errors;
  private final SqsQueues queues;
  private final TopicRoutes routes;
  private final ChannelSpec channel;
  private final String queueName;
  private final int maxMessageBytes;
  private final SqsTraffic traffic;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  /** Parallel FIFO send lanes per queue, each with one call in flight. */
  private static final int FIFO_LANES = 8;

  /**
   * Concurrent batch calls per standard queue that may carry a partial batch. A lone message goes
   * out at once; under load, partial batches wait for one of these calls to return, so messages
   * coalesce into full batches (fewer calls, and SQS bills per call).
   */
  private static final int PARTIAL_CALLS_PER_QUEUE = 8;

  /**
   * Concurrent batch calls per standard queue in all. A full batch never waits behind the partial
   * limit: a burst goes out as fast as the endpoint takes it (calls beyond the connection pool wait
   * for a connection, within the send timeout).
   */
  private static final int CALLS_PER_QUEUE = 32;

  SqsOutbound(
      SqsAsyncClient client,
      SqsErrors errors,
      SqsQueues queues,
      TopicRoutes routes,
      QueueNames names,
      ChannelSpec channel,
      int maxMessageBytes,
      SqsTraffic traffic) {
    this.traffic = traffic;
    this.client = client;
    this.errors = errors;
    this.queues = queues;
    this.routes = routes;
    this.channel = channel;
    this.queueName = channel.kind() == ChannelKind.QUEUE ? names.queue(channel) : "";
    this.maxMessageBytes = maxMessageBytes;
  }

  /** One message ready to go, with the future its receipt completes. */
  private record Entry(
      Message<byte[]> message, SqsWire.Encoded encoded, CompletableFuture<Receipt> result) {}

  @Override
  public List<CompletableFuture<Receipt>> send(List<Message<byte[]>> batch) {
    List<CompletableFuture<Receipt>> results = new ArrayList<>(batch.size());
    List<Entry> entries = new ArrayList<>(batch.size());
    for (Message<byte[]> m : batch) {
      CompletableFuture<Receipt> f = new CompletableFuture<>();
      results.add(f);
      SqsWire.Encoded e;
      try {
        e = SqsWire.encode(m);
      } catch (RuntimeException ex) {
        f.completeExceptionally(
            new MessagingException(
                SqsBindingProvider.NAME, channel.name(), "cannot encode message " + m.id(), ex));
        continue;
      }
      if (e.size() > maxMessageBytes) {
        f.completeExceptionally(
            new MessageTooLargeException(
                SqsBindingProvider.NAME,
                channel.name(),
                "message "
                    + m.id()
                    + " is "
                    + e.size()
                    + " bytes on the wire (body, attributes and headers), over the SQS limit of "
                    + maxMessageBytes
                    + " (hermod.sqs.max-message-size); send a smaller payload or fewer headers",
                null));
        continue;
      }
      entries.add(new Entry(m, e, f));
    }
    if (entries.isEmpty()) {
      return results;
    }
    if (channel.kind() == ChannelKind.QUEUE) {
      queues
          .url(queueName)
          .whenComplete(
              (url, err) -> {
                if (err != null) {
                  failAll(entries, err);
                } else {
                  List<CompletableFuture<String>> ids = sendChunks(url, entries).ids();
                  for (int i = 0; i < entries.size(); i++) {
                    Entry en = entries.get(i);
                    ids.get(i).whenComplete((id, e) -> complete(en, id == null ? "" : id, e));
                  }
                }
              });
    } else {
      routes
          .routes(channel)
          .whenComplete(
              (list, err) -> {
                if (err != null) {
                  failAll(entries, err);
                  return;
                }
                fanOut(list, entries);
              });
    }
    return results;
  }

  private void fanOut(List<TopicRoutes.Route> list, List<Entry> entries) {
    List<List<CompletableFuture<String>>> perEntry = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      perEntry.add(new ArrayList<>());
    }
    for (TopicRoutes.Route route : list) {
      List<Entry> selected = new ArrayList<>();
      List<Integer> index = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        Message<byte[]> m = entries.get(i).message();
        if (route.filter().matches(m.routingKey(), m.headers())) {
          selected.add(entries.get(i));
          index.add(i);
        }
      }
      if (selected.isEmpty()) {
        continue;
      }
      List<CompletableFuture<String>> ids = sendChunks(route.url(), selected).ids();
      for (int j = 0; j < selected.size(); j++) {
        perEntry.get(index.get(j)).add(ids.get(j));
      }
    }
    for (int i = 0; i < entries.size(); i++) {
      Entry en = entries.get(i);
      List<CompletableFuture<String>> copies = perEntry.get(i);
      // A message no subscription selects is accepted: on a topic nobody wanted it.
      CompletableFuture.allOf(copies.toArray(CompletableFuture<?>[]::new))
          .whenComplete(
              (v, e) ->
                  complete(
                      en,
                      String.join(
                          ",",
                          copies.stream()
                              .filter(c -> !c.isCompletedExceptionally())
                              .map(CompletableFuture::join)
                              .toList()),
                      e));
    }
  }

  private void complete(Entry entry, String brokerId, @Nullable Throwable failure) {
    if (failure != null) {
      Throwable t = BindingErrors.unwrap(failure);
      if (t instanceof QueueDoesNotExistException) {
        queues.forget(queueName);
      }
      entry.result().completeExceptionally(errors.translate(t, channel.name(), "send"));
    } else {
      entry
          .result()
          .complete(
              new Receipt(
                  SqsBindingProvider.NAME,
                  channel.name(),
                  entry.message().id(),
                  brokerId,
                  Instant.now()));
    }
  }

  private void failAll(List<Entry> entries, Throwable err) {
    for (Entry e : entries) {
      complete(e, "", err);
    }
  }

  /** The SQS message ids of a list of entries sent to one queue, one future per entry. */
  private record Sent(List<CompletableFuture<String>> ids) {}

  private Sent sendChunks(String url, List<Entry> entries) {
    List<CompletableFuture<String>> ids = new ArrayList<>(entries.size());
    // Each lane gets all its messages of this call at once, so a send of 25 goes out as 10, 10
    // and 5 rather than first as single messages while call slots are free.
    Map<String, List<Entry>> byLane = new LinkedHashMap<>();
    Map<String, List<CompletableFuture<String>>> idsByLane = new LinkedHashMap<>();
    for (Entry e : entries) {
      CompletableFuture<String> id = new CompletableFuture<>();
      ids.add(id);
      String lane =
          channel.ordered()
              ? url + "#" + Math.floorMod(groupId(e.message()).hashCode(), FIFO_LANES)
              : url;
      byLane.computeIfAbsent(lane, k -> new ArrayList<>()).add(e);
      idsByLane.computeIfAbsent(lane, k -> new ArrayList<>()).add(id);
    }
    byLane.forEach(
        (lane, list) ->
            lanes
                .computeIfAbsent(
                    lane,
                    k ->
                        channel.ordered()
                            ? new Lane(url, 1, 1)
                            : new Lane(url, CALLS_PER_QUEUE, PARTIAL_CALLS_PER_QUEUE))
                .addAll(list, idsByLane.get(lane)));
    return new Sent(ids);
  }

  /**
   * Completes when every message handed to {@link #send} so far has its result.
   *
   * @return the future, never {@code null}
   */
  CompletableFuture<Void> flushed() {
    return CompletableFuture.allOf(
        lanes.values().stream().map(Lane::flushed).toArray(CompletableFuture<?>[]::new));
  }

  /**
   * A send lane: messages queue here and go out in SQS batches (at most 10 entries and the maximum
   * size), with a bounded number of calls in flight. Under load this coalesces single sends into
   * full batches (a partial batch may use only the first few call slots, a full one any); when idle
   * a message goes out at once, with no linger. A FIFO lane allows one call at a time, so messages
   * of a group reach SQS in the order they were sent (concurrent HTTP calls could overtake each
   * other); a group always maps to the same lane.
   */
  private final class Lane {
    private final String url;
    private final int maxCalls;
    private final int maxPartialCalls;
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<String>> pendingIds = new ArrayDeque<>();
    private int calls;
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    Lane(String url, int maxCalls, int maxPartialCalls) {
      this.url = url;
      this.maxCalls = maxCalls;
      this.maxPartialCalls = maxPartialCalls;
    }

    void addAll(List<Entry> entries, List<CompletableFuture<String>> ids) {
      synchronized (this) {
        if (idle.isDone()) {
          idle = new CompletableFuture<>();
        }
        pending.addAll(entries);
        pendingIds.addAll(ids);
      }
      drain();
    }

    /** Whether the pending messages fill a whole SQS batch (by count or by size). Guarded. */
    private boolean fullBatchPending() {
      if (pending.size() >= Batcher.MAX_BATCH) {
        return true;
      }
      int bytes = 0;
      for (Entry e : pending) {
        bytes += e.encoded().size();
        if (bytes > maxMessageBytes) {
          return true;
        }
      }
      return false;
    }

    synchronized CompletableFuture<Void> flushed() {
      return idle;
    }

    private void drain() {
      while (true) {
        List<Entry> chunk = new ArrayList<>();
        List<CompletableFuture<String>> ids = new ArrayList<>();
        synchronized (this) {
          if (pending.isEmpty() || calls >= (fullBatchPending() ? maxCalls : maxPartialCalls)) {
            if (pending.isEmpty() && calls == 0) {
              idle.complete(null);
            }
            return;
          }
          int bytes = 0;
          while (!pending.isEmpty()
              && chunk.size() < Batcher.MAX_BATCH
              && (chunk.isEmpty() || bytes + pending.peek().encoded().size() <= maxMessageBytes)) {
            Entry e = pending.poll();
            bytes += e.encoded().size();
            chunk.add(e);
            ids.add(pendingIds.poll());
          }
          calls++;
        }
        sendChunk(url, chunk, ids)
            .whenComplete(
                (v, err) -> {
                  synchronized (this) {
                    calls--;
                  }
                  drain();
                });
      }
    }
  }

  private String groupId(Message<byte[]> m) {
    return SqsIds.of(m.key() != null ? m.key() : m.id());
  }

  private CompletableFuture<Void> sendChunk(
      String url, List<Entry> chunk, List<CompletableFuture<String>> ids) {
    List<SendMessageBatchRequestEntry> requests = new ArrayList<>(chunk.size());
    for (int i = 0; i < chunk.size(); i++) {
      requests.add(request(Integer.toString(i), chunk.get(i).message(), chunk.get(i).encoded()));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse> call;
    try {
      call = client.sendMessageBatch(r -> r.queueUrl(url).entries(requests));
    } catch (RuntimeException e) {
      // A closed client throws instead of failing the future: never leave a send hanging.
      call = CompletableFuture.failedFuture(e);
    }
    long bytes = 0;
    if (traffic.metered) {
      for (Entry e : chunk) {
        bytes += e.encoded().size();
      }
    }
    long sent = bytes;
    call.whenComplete(
        (resp, err) -> {
          try {
            // Counted before any receipt completes, so a caller holding its receipts sees it.
            traffic.record(channel.name(), BrokerOperation.SEND, sent, err);
            if (err != null) {
              ids.forEach(f -> f.completeExceptionally(err));
              return;
            }
            for (SendMessageBatchResultEntry ok : resp.successful()) {
              ids.get(Integer.parseInt(ok.id())).complete(ok.messageId());
            }
            for (BatchResultErrorEntry bad : resp.failed()) {
              ids.get(Integer.parseInt(bad.id()))
                  .completeExceptionally(
                      new MessagingException(
                          SqsBindingProvider.NAME,
                          channel.name(),
                          "SQS rejected the message ("
                              + bad.code()
                              + (bad.senderFault() ? ", sender fault" : ", server fault")
                              + "): "
                              + bad.message(),
                          null));
            }
            // Defensive: an entry SQS did not mention must not hang.
            ids.forEach(
                f ->
                    f.completeExceptionally(
                        new MessagingException(
                            SqsBindingProvider.NAME,
                            channel.name(),
                            "SQS returned no result for a batch entry",
                            null)));
          } finally {
            done.complete(null);
          }
        });
    return done;
  }

  private SendMessageBatchRequestEntry request(String id, Message<byte[]> m, SqsWire.Encoded e) {
    SendMessageBatchRequestEntry.Builder b =
        SendMessageBatchRequestEntry.builder()
            .id(id)
            .messageBody(e.body())
            .messageAttributes(e.attributes());
    if (channel.ordered()) {
      b.messageGroupId(groupId(m));
      b.messageDeduplicationId(SqsIds.of(DedupIds.of(m)));
    } else if (m.deliverAt() != null) {
      long millis = Duration.between(Instant.now(), m.deliverAt()).toMillis();
      long seconds = (millis + 999) / 1000;
      if (seconds > 0) {
        // Longer delays are completed on receipt by hiding the message again.
        b.delaySeconds((int) Math.min(seconds, MAX_DELAY_SECONDS));
      }
    }
    return b.build();
  }
}
