package io.hermod.bench.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.batchmanager.BatchOverrideConfiguration;
import software.amazon.awssdk.services.sqs.batchmanager.SqsAsyncBatchManager;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The raw SQS baseline, written as an expert would with SDK v2: one async client on Netty, sends
 * and deletes through the SDK's automatic {@link SqsAsyncBatchManager}, several concurrent
 * long-polling receive loops of ten messages, Base64 bodies, FIFO queues (group = ordering key,
 * explicit deduplication id) for exactly-once, and RPC over a reply queue matched by a correlation
 * attribute. With {@code cloudEvents}, every message carries Hermod's CloudEvents attributes as
 * message attributes and the consumer reads them. Not thread-safe.
 */
final class SqsRawTransport implements Transport {

  private static final int POLLERS = 4;
  private static final String CORRELATION = "correlation-id";

  private final SqsAsyncClient client;
  private final SqsAsyncBatchManager batch;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<Poller> pollers = new ArrayList<>();

  private final boolean cloudEvents;

  /** Characters of attribute values read, so that reading them is never optimised away. */
  private final LongAdder headerChars = new LongAdder();

  SqsRawTransport(
      URI endpoint, String region, String accessKey, String secretKey, boolean cloudEvents) {
    this.cloudEvents = cloudEvents;
    client =
        SqsAsyncClient.builder()
            .endpointOverride(endpoint)
            .region(Region.of(region))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64))
            .build();
    // The SDK's default flush interval is 200 ms, fine for cost, not for latency: an expert
    // shortens it (the binding's own lanes flush within milliseconds).
    batch =
        SqsAsyncBatchManager.builder()
            .client(client)
            .scheduledExecutor(scheduler)
            .overrideConfiguration(
                BatchOverrideConfiguration.builder()
                    .sendRequestFrequency(Duration.ofMillis(5))
                    .maxBatchSize(10)
                    .build())
            .build();
  }

  @Override
  public String side() {
    return "raw";
  }

  @Override
  public Channel open(String name, boolean exactlyOnce, Consumer<byte[]> sink) throws Exception {
    String url = create(exactlyOnce ? name + ".fifo" : name, exactlyOnce);
    List<Poller> receiving =
        start(
            url,
            m -> {
              if (cloudEvents) {
                long chars = 0;
                for (var a : m.messageAttributes().entrySet()) {
                  chars += a.getKey().length() + a.getValue().stringValue().length();
                }
                headerChars.add(chars);
              }
              sink.accept(Base64.getDecoder().decode(m.body()));
            });
    return new Channel() {
      @Override
      public CompletableFuture<?> send(byte[] payload, long seq) {
        SendMessageRequest.Builder r =
            SendMessageRequest.builder()
                .queueUrl(url)
                .messageBody(Base64.getEncoder().encodeToString(payload));
        if (cloudEvents) {
          Map<String, MessageAttributeValue> attributes = new HashMap<>();
          CloudEventsAttributes.CE.write(
              seq,
              (k, v) ->
                  attributes.put(
                      k,
                      MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
          r.messageAttributes(attributes);
        }
        if (exactlyOnce) {
          r.messageGroupId(Payloads.key(seq)).messageDeduplicationId(UUID.randomUUID().toString());
        }
        return batch.sendMessage(r.build());
      }

      @Override
      public void close() {
        stop(receiving);
      }
    };
  }

  @Override
  public Rpc rpc(String name) throws Exception {
    String requests = create(name, false);
    String replies = create(name + "-replies", false);
    Map<String, CompletableFuture<byte[]>> waiting = new ConcurrentHashMap<>();
    List<Poller> receiving = new ArrayList<>();
    receiving.addAll(
        start(
            requests,
            m ->
                batch.sendMessage(
                    SendMessageRequest.builder()
                        .queueUrl(replies)
                        .messageBody(m.body())
                        .messageAttributes(
                            Map.of(CORRELATION, m.messageAttributes().get(CORRELATION)))
                        .build())));
    receiving.addAll(
        start(
            replies,
            m -> {
              CompletableFuture<byte[]> f =
                  waiting.remove(m.messageAttributes().get(CORRELATION).stringValue());
              if (f != null) {
                f.complete(Base64.getDecoder().decode(m.body()));
              }
            }));
    return new Rpc() {
      @Override
      public byte[] call(byte[] request) throws Exception {
        String id = UUID.randomUUID().toString();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        // A lone request goes straight out: the batch manager would hold it for its linger.
        client
            .sendMessage(
                SendMessageRequest.builder()
                    .queueUrl(requests)
                    .messageBody(Base64.getEncoder().encodeToString(request))
                    .messageAttributes(
                        Map.of(
                            CORRELATION,
                            MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(id)
                                .build()))
                    .build())
            .get(60, TimeUnit.SECONDS);
        return reply.get(60, TimeUnit.SECONDS);
      }

      @Override
      public void close() {
        stop(receiving);
      }
    };
  }

  private String create(String name, boolean fifo) throws Exception {
    return client
        .createQueue(
            r -> {
              r.queueName(name);
              if (fifo) {
                r.attributes(
                    Map.of(
                        QueueAttributeName.FIFO_QUEUE, "true",
                        QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false"));
              }
            })
        .get(60, TimeUnit.SECONDS)
        .queueUrl();
  }

  private List<Poller> start(String url, Consumer<Message> handler) {
    List<Poller> started = new ArrayList<>();
    for (int i = 0; i < POLLERS; i++) {
      Poller p = new Poller(url, handler);
      pollers.add(p);
      started.add(p);
      p.poll();
    }
    return started;
  }

  /**
   * Ends receive loops when their channel closes, as Hermod's subscriptions do: left running, every
   * past trial's loops kept long-polling, so later trials shared ElasticMQ and the connection pool
   * with dozens of idle receives.
   */
  private void stop(List<Poller> receiving) {
    receiving.forEach(p -> p.running = false);
    pollers.removeAll(receiving);
  }

  /** A long-polling receive loop: receive ten, hand them over, delete them in a batch. */
  private final class Poller {
    private final String url;
    private final Consumer<Message> handler;
    private volatile boolean running = true;

    Poller(String url, Consumer<Message> handler) {
      this.url = url;
      this.handler = handler;
    }

    void poll() {
      if (!running) {
        return;
      }
      client
          .receiveMessage(
              r ->
                  r.queueUrl(url)
                      .maxNumberOfMessages(10)
                      .waitTimeSeconds(1)
                      .messageAttributeNames("All"))
          .whenComplete(
              (resp, e) -> {
                if (resp != null) {
                  for (Message m : resp.messages()) {
                    handler.accept(m);
                    batch.deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle()));
                  }
                }
                poll();
              });
    }
  }

  @Override
  public void close() {
    pollers.forEach(p -> p.running = false);
    batch.close();
    scheduler.shutdownNow();
    client.close();
  }
}
