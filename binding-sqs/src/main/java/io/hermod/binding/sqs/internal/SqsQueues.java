package io.hermod.binding.sqs.internal;

import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.spi.support.BindingErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Queue administration on one SQS endpoint: URL lookup (cached), idempotent creation with
 * attributes and tags, listing by prefix, deletion. Thread-safe.
 */
final class SqsQueues {

  /**
   * What provisioning found.
   *
   * @param url the queue URL
   * @param created whether this call created the queue
   */
  record Ensured(String url, boolean created) {}

  private final SqsAsyncClient client;
  private final SqsErrors errors;
  private final Duration timeout;
  private final boolean createQueues;
  private final Map<String, CompletableFuture<String>> urls = new ConcurrentHashMap<>();

  SqsQueues(SqsAsyncClient client, SqsErrors errors, Duration timeout, boolean createQueues) {
    this.client = client;
    this.errors = errors;
    this.timeout = timeout;
    this.createQueues = createQueues;
  }

  /**
   * The URL of an existing queue, looked up once.
   *
   * @param queueName the queue name
   * @return the URL, or a future failed with {@link QueueDoesNotExistException}
   */
  CompletableFuture<String> url(String queueName) {
    CompletableFuture<String> f =
        urls.computeIfAbsent(
            queueName, n -> client.getQueueUrl(r -> r.queueName(n)).thenApply(r -> r.queueUrl()));
    // Never cache a failure: the queue may be created, or the broker come back, later.
    f.whenComplete(
        (u, e) -> {
          if (e != null) {
            urls.remove(queueName, f);
          }
        });
    return f;
  }

  /** Forgets a cached URL, e.g. after the queue was deleted. */
  void forget(String queueName) {
    urls.remove(queueName);
  }

  /**
   * Creates the queue if missing, else brings its mutable attributes and tags up to date. Blocking,
   * bounded by the timeout.
   *
   * @param queueName the queue name
   * @param attributes the attributes a new queue gets (FIFO ones included)
   * @param tags the tags the queue must carry
   * @param channel the channel, for errors
   * @return the URL and whether it was created, never {@code null}
   */
  Ensured ensure(
      String queueName,
      Map<QueueAttributeName, String> attributes,
      Map<String, String> tags,
      String channel) {
    String url = existing(queueName, channel);
    if (url == null) {
      if (!createQueues) {
        throw new MessagingException(
            SqsBindingProvider.NAME,
            channel,
            "SQS queue '"
                + queueName
                + "' does not exist and hermod.sqs.create-queues is false; create it (see the"
                + " README for its attributes) or allow Hermod to create queues",
            null);
      }
      try {
        url =
            await(
                client
                    .createQueue(r -> r.queueName(queueName).attributes(attributes).tags(tags))
                    .thenApply(r -> r.queueUrl()),
                channel,
                "creating queue " + queueName);
        urls.put(queueName, CompletableFuture.completedFuture(url));
        return new Ensured(url, true);
      } catch (MessagingException e) {
        if (!(BindingErrors.unwrap(e.getCause() == null ? e : e.getCause())
            instanceof QueueNameExistsException)) {
          throw e;
        }
        // Created concurrently with other attributes: fall through and update it.
        url = existing(queueName, channel);
        if (url == null) {
          throw e;
        }
      }
    }
    Map<QueueAttributeName, String> mutable = new EnumMap<>(attributes);
    mutable.remove(QueueAttributeName.FIFO_QUEUE);
    mutable.remove(QueueAttributeName.CONTENT_BASED_DEDUPLICATION);
    String u = url;
    if (!mutable.isEmpty()) {
      await(
          client.setQueueAttributes(r -> r.queueUrl(u).attributes(mutable)),
          channel,
          "updating queue " + queueName);
    }
    if (!tags.isEmpty()) {
      Map<String, String> current = tags(u, channel);
      List<String> stale = new ArrayList<>();
      for (String k : current.keySet()) {
        if (k.startsWith("hermod.") && !tags.containsKey(k)) {
          stale.add(k);
        }
      }
      if (!stale.isEmpty()) {
        await(client.untagQueue(r -> r.queueUrl(u).tagKeys(stale)), channel, "untagging");
      }
      if (!current.entrySet().containsAll(tags.entrySet())) {
        await(client.tagQueue(r -> r.queueUrl(u).tags(tags)), channel, "tagging");
      }
    }
    return new Ensured(url, false);
  }

  private @Nullable String existing(String queueName, String channel) {
    try {
      return url(queueName).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (BindingErrors.unwrap(e) instanceof QueueDoesNotExistException) {
        return null;
      }
      throw errors.translate(e, channel, "looking up queue " + queueName);
    } catch (TimeoutException e) {
      throw errors.translate(e, channel, "looking up queue " + queueName);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MessagingException(SqsBindingProvider.NAME, channel, "interrupted", e);
    }
  }

  /**
   * The queue's ARN, for redrive policies.
   *
   * @param url the queue URL
   * @param channel the channel, for errors
   * @return the ARN, never {@code null}
   */
  String arn(String url, String channel) {
    return await(
        client
            .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .thenApply(r -> r.attributes().get(QueueAttributeName.QUEUE_ARN)),
        channel,
        "reading the queue ARN");
  }

  /**
   * A queue's tags.
   *
   * @param url the queue URL
   * @param channel the channel, for errors
   * @return the tags, never {@code null}
   */
  Map<String, String> tags(String url, String channel) {
    return await(tagsAsync(url), channel, "reading queue tags");
  }

  CompletableFuture<Map<String, String>> tagsAsync(String url) {
    return client
        .listQueueTags(r -> r.queueUrl(url))
        .thenApply(r -> r.hasTags() ? new HashMap<>(r.tags()) : Map.of());
  }

  /**
   * The URLs of every queue whose name starts with {@code prefix}, following pagination.
   *
   * @param prefix the name prefix
   * @return the URLs, never {@code null}
   */
  CompletableFuture<List<String>> list(String prefix) {
    return listFrom(prefix, null, new ArrayList<>());
  }

  private CompletableFuture<List<String>> listFrom(
      String prefix, @Nullable String token, List<String> acc) {
    return client
        .listQueues(r -> r.queueNamePrefix(prefix).maxResults(1000).nextToken(token))
        .thenCompose(
            (ListQueuesResponse r) -> {
              if (r.hasQueueUrls()) {
                acc.addAll(r.queueUrls());
              }
              return r.nextToken() == null || r.nextToken().isEmpty()
                  ? CompletableFuture.completedFuture(acc)
                  : listFrom(prefix, r.nextToken(), acc);
            });
  }

  /**
   * Deletes a queue if it exists. Blocking, bounded by the timeout.
   *
   * @param queueName the queue name
   * @param channel the channel, for errors
   */
  void delete(String queueName, String channel) {
    String url = existing(queueName, channel);
    if (url == null) {
      return;
    }
    try {
      await(client.deleteQueue(r -> r.queueUrl(url)), channel, "deleting queue " + queueName);
    } finally {
      urls.remove(queueName);
    }
  }

  /**
   * Waits for an SDK call, bounded by the timeout, translating its failure.
   *
   * @param future the call
   * @param channel the channel, for errors
   * @param action what the call does, for errors
   * @param <T> the result type
   * @return the result
   */
  <T> T await(CompletableFuture<T> future, @Nullable String channel, String action) {
    try {
      return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw errors.translate(e, channel, action);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new MessagingTimeoutException(
          SqsBindingProvider.NAME, channel, action + " took longer than " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MessagingException(SqsBindingProvider.NAME, channel, action + " interrupted", e);
    }
  }
}
