package io.hermod.binding.sqs.internal;

import io.hermod.api.Message;
import io.hermod.spi.QueueInspection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Browses an SQS queue by receiving every message with a visibility timeout of {@value
 * #VISIBILITY_SECONDS} s, so each is seen once; removes chosen ones by {@code DeleteMessageBatch}
 * with their receipt handles; gives the rest back on close with {@code ChangeMessageVisibility} 0.
 * A crash leaves the messages invisible until the timeout, then they are back. Short polls stop
 * after two empty answers in a row (SQS samples its servers on a short poll). Thread-safe (the
 * binding may close it while its caller is using it).
 */
final class SqsInspection implements QueueInspection {

  private static final Logger LOG = LoggerFactory.getLogger(SqsInspection.class);
  static final int VISIBILITY_SECONDS = 60;
  private static final int BATCH = 10;

  private final SqsAsyncClient client;
  private final String url;
  private final String queueName;
  private final SqsErrors errors;
  private final Duration timeout;
  private final Consumer<SqsInspection> onClose;
  private final Map<String, List<String>> handles = new LinkedHashMap<>();

  SqsInspection(
      SqsAsyncClient client,
      String url,
      String queueName,
      SqsErrors errors,
      Duration timeout,
      Consumer<SqsInspection> onClose) {
    this.onClose = onClose;
    this.client = client;
    this.url = url;
    this.queueName = queueName;
    this.errors = errors;
    this.timeout = timeout;
  }

  @Override
  public synchronized void browse(Predicate<Message<byte[]>> visitor) {
    int empty = 0;
    while (empty < 2) {
      ReceiveMessageResponse r =
          call(
              client.receiveMessage(
                  b ->
                      b.queueUrl(url)
                          .maxNumberOfMessages(BATCH)
                          .waitTimeSeconds(0)
                          .visibilityTimeout(VISIBILITY_SECONDS)
                          .messageAttributeNames("All")),
              "browsing");
      if (!r.hasMessages() || r.messages().isEmpty()) {
        empty++;
        continue;
      }
      empty = 0;
      boolean more = true;
      for (software.amazon.awssdk.services.sqs.model.Message m : r.messages()) {
        Message<byte[]> decoded = SqsWire.decode(m.body(), m.messageAttributes(), m.messageId());
        handles.computeIfAbsent(decoded.id(), k -> new ArrayList<>()).add(m.receiptHandle());
        more = more && visitor.test(decoded);
      }
      if (!more) {
        return;
      }
    }
  }

  @Override
  public synchronized Set<String> remove(Set<String> ids) {
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
    Map<String, String> idOfEntry = new HashMap<>();
    for (String id : ids) {
      for (String handle : handles.getOrDefault(id, List.of())) {
        String entryId = "e" + entries.size();
        entries.add(
            DeleteMessageBatchRequestEntry.builder().id(entryId).receiptHandle(handle).build());
        idOfEntry.put(entryId, id);
      }
    }
    Set<String> removed = new HashSet<>();
    for (int from = 0; from < entries.size(); from += BATCH) {
      List<DeleteMessageBatchRequestEntry> chunk =
          entries.subList(from, Math.min(entries.size(), from + BATCH));
      DeleteMessageBatchResponse r =
          call(client.deleteMessageBatch(b -> b.queueUrl(url).entries(chunk)), "removing from");
      r.successful().forEach(s -> removed.add(idOfEntry.get(s.id())));
    }
    removed.forEach(handles::remove);
    return removed;
  }

  /** Also called by the binding's close, from another thread: hence synchronized. */
  @Override
  public synchronized void close() {
    onClose.accept(this);
    List<ChangeMessageVisibilityBatchRequestEntry> back = new ArrayList<>();
    handles
        .values()
        .forEach(
            list ->
                list.forEach(
                    h ->
                        back.add(
                            ChangeMessageVisibilityBatchRequestEntry.builder()
                                .id("v" + back.size())
                                .receiptHandle(h)
                                .visibilityTimeout(0)
                                .build())));
    handles.clear();
    for (int from = 0; from < back.size(); from += BATCH) {
      List<ChangeMessageVisibilityBatchRequestEntry> chunk =
          back.subList(from, Math.min(back.size(), from + BATCH));
      try {
        call(
            client.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(chunk)),
            "giving back messages of");
      } catch (RuntimeException e) {
        LOG.warn(
            "{} messages of SQS queue {} stay invisible until their {} s visibility timeout ends: {}",
            chunk.size(),
            queueName,
            VISIBILITY_SECONDS,
            e.toString());
      }
    }
  }

  private <T> T call(java.util.concurrent.CompletableFuture<T> f, String action) {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.translate(e, queueName, action + " SQS queue " + queueName);
    } catch (Exception e) {
      throw errors.translate(e, queueName, action + " SQS queue " + queueName);
    }
  }
}
