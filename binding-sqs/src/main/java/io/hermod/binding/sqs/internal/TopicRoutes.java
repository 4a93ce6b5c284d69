package io.hermod.binding.sqs.internal;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Filter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a topic's messages go: the subscription queues of the topic with their filters, found by
 * listing queues by name prefix and reading their tags, and cached for {@code
 * hermod.sqs.subscription-refresh}. This is how a publisher fans out without SNS. Thread-safe.
 */
final class TopicRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(TopicRoutes.class);

  /**
   * One subscription queue of a topic.
   *
   * @param url the queue URL
   * @param subscription the subscription name
   * @param filter the filter applied at fan-out
   */
  record Route(String url, String subscription, Filter filter) {}

  private record Cached(long fetchedAt, CompletableFuture<List<Route>> routes) {}

  private final SqsQueues queues;
  private final QueueNames names;
  private final long refreshNanos;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  TopicRoutes(SqsQueues queues, QueueNames names, Duration refresh) {
    this.queues = queues;
    this.names = names;
    this.refreshNanos = refresh.toNanos();
  }

  /**
   * The topic's subscription queues, from the cache while it is fresh.
   *
   * @param topic the topic
   * @return the routes, never {@code null}
   */
  CompletableFuture<List<Route>> routes(ChannelSpec topic) {
    long now = System.nanoTime();
    Cached c =
        cache.compute(
            topic.name(),
            (k, old) -> {
              if (old != null
                  && now - old.fetchedAt() < refreshNanos
                  && !old.routes().isCompletedExceptionally()) {
                return old;
              }
              return new Cached(now, fetch(topic));
            });
    return c.routes();
  }

  /**
   * Forgets a topic's routes, so the next send lists them again (after a local subscription was
   * provisioned).
   *
   * @param topic the topic name
   */
  void invalidate(String topic) {
    cache.remove(topic);
  }

  private CompletableFuture<List<Route>> fetch(ChannelSpec topic) {
    String suffix = QueueNames.FIFO_SUFFIX;
    return queues
        .list(names.subscriptionListingPrefix(topic.name()))
        .thenCompose(
            urls -> {
              List<CompletableFuture<Route>> found = new ArrayList<>();
              for (String url : urls) {
                if (url.endsWith(suffix) != topic.ordered()) {
                  continue;
                }
                found.add(
                    queues
                        .tagsAsync(url)
                        .thenApply(
                            tags ->
                                SubscriptionTags.fromTags(tags)
                                    .filter(t -> t.topic().equals(topic.name()))
                                    .map(t -> new Route(url, t.subscription(), t.filter()))
                                    .orElse(null))
                        // A queue deleted between listing and tagging is simply not a route.
                        .exceptionally(e -> null));
              }
              return CompletableFuture.allOf(found.toArray(CompletableFuture<?>[]::new))
                  .thenApply(
                      v -> {
                        List<Route> routes = new ArrayList<>();
                        for (CompletableFuture<Route> f : found) {
                          Route r = f.join();
                          if (r != null) {
                            routes.add(r);
                          }
                        }
                        LOG.debug("topic {} fans out to {}", topic.name(), routes);
                        return List.copyOf(routes);
                      });
            });
  }
}
