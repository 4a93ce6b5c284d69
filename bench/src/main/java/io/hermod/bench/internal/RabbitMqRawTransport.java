package io.hermod.bench.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The raw RabbitMQ baseline, written as an expert would with amqp-client 5: a durable quorum queue,
 * persistent mandatory messages published on a channel in confirm mode with confirmations handled
 * asynchronously (a sequence number per publish, acks that may cover several), a consumer with
 * Hermod's prefetch acknowledging each message, and RPC over direct reply-to ({@code
 * amq.rabbitmq.reply-to}) matched by correlation id. Exactly-once: RabbitMQ has no broker-side
 * deduplication, so the keyed baseline is the same queue with a single active consumer and a
 * message id on every message. With {@code cloudEvents}, every message carries Hermod's CloudEvents
 * headers (the CloudEvents AMQP binding's names) and the consumer reads them. Not thread-safe.
 */
final class RabbitMqRawTransport implements Transport {

  private static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
  private static final int PREFETCH = 500;

  private final Connection connection;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final boolean cloudEvents;

  /** Characters of header values read, so that reading them is never optimised away. */
  private final LongAdder headerChars = new LongAdder();

  RabbitMqRawTransport(String uri, String username, String password, boolean cloudEvents)
      throws Exception {
    this.cloudEvents = cloudEvents;
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    if (username != null) {
      factory.setUsername(username);
      factory.setPassword(password);
    }
    connection = factory.newConnection("hermod-bench-raw");
  }

  @Override
  public String side() {
    return "raw";
  }

  @Override
  public Channel open(String name, boolean exactlyOnce, Consumer<byte[]> sink) throws Exception {
    com.rabbitmq.client.Channel consumer = connection.createChannel();
    declare(consumer, name, exactlyOnce);
    consumer.basicQos(PREFETCH);
    consumer.basicConsume(
        name,
        false,
        (tag, delivery) -> {
          if (cloudEvents) {
            long chars = delivery.getProperties().getContentType().length();
            for (Map.Entry<String, Object> h : delivery.getProperties().getHeaders().entrySet()) {
              chars += h.getKey().length() + h.getValue().toString().length();
            }
            headerChars.add(chars);
          }
          sink.accept(delivery.getBody());
          consumer.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        },
        tag -> {});
    com.rabbitmq.client.Channel publisher = connection.createChannel();
    publisher.confirmSelect();
    ConcurrentNavigableMap<Long, CompletableFuture<Object>> unconfirmed =
        new ConcurrentSkipListMap<>();
    publisher.addConfirmListener(
        (seq, multiple) -> settle(unconfirmed, seq, multiple, null),
        (seq, multiple) ->
            settle(unconfirmed, seq, multiple, new IOException("nacked by the broker")));
    return new Channel() {
      @Override
      public CompletableFuture<?> send(byte[] payload, long seq) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder().deliveryMode(2);
        if (cloudEvents) {
          // The CloudEvents AMQP binding: attributes as cloudEvents:* headers, the content type
          // as the message's property.
          Map<String, Object> headers = new HashMap<>();
          CloudEventsAttributes.AMQP.write(
              seq,
              (k, v) -> {
                if (k.equals(CloudEventsAttributes.AMQP.contentType())) {
                  props.contentType(v);
                } else {
                  headers.put(k, v);
                }
              });
          props.headers(headers);
        }
        if (exactlyOnce) {
          props.messageId(UUID.randomUUID().toString());
        }
        long publishSeq = publisher.getNextPublishSeqNo();
        unconfirmed.put(publishSeq, f);
        try {
          // Mandatory, as the binding publishes: an unroutable message comes back, never vanishes.
          publisher.basicPublish("", name, true, props.build(), payload);
        } catch (IOException e) {
          unconfirmed.remove(publishSeq);
          f.completeExceptionally(e);
        }
        return f;
      }

      @Override
      public void close() throws Exception {
        consumer.close();
        publisher.close();
      }
    };
  }

  private static void declare(
      com.rabbitmq.client.Channel channel, String queue, boolean singleActive) throws IOException {
    // As the binding declares its quorum queues: a delivery limit far above any retry policy.
    Map<String, Object> args =
        singleActive
            ? Map.of(
                "x-queue-type",
                "quorum",
                "x-delivery-limit",
                1000,
                "x-single-active-consumer",
                true)
            : Map.of("x-queue-type", "quorum", "x-delivery-limit", 1000);
    channel.queueDeclare(queue, true, false, false, args);
  }

  private static void settle(
      ConcurrentNavigableMap<Long, CompletableFuture<Object>> unconfirmed,
      long seq,
      boolean multiple,
      Exception error) {
    Map<Long, CompletableFuture<Object>> done =
        multiple ? unconfirmed.headMap(seq, true) : unconfirmed.subMap(seq, true, seq, true);
    for (Map.Entry<Long, CompletableFuture<Object>> e : done.entrySet()) {
      if (error == null) {
        e.getValue().complete(e.getKey());
      } else {
        e.getValue().completeExceptionally(error);
      }
    }
    done.clear();
  }

  @Override
  public Rpc rpc(String name) throws Exception {
    com.rabbitmq.client.Channel responder = connection.createChannel();
    declare(responder, name, false);
    responder.basicQos(PREFETCH);
    responder.basicConsume(
        name,
        false,
        (tag, request) -> {
          AMQP.BasicProperties in = request.getProperties();
          AMQP.BasicProperties out =
              new AMQP.BasicProperties.Builder().correlationId(in.getCorrelationId()).build();
          responder.basicPublish("", in.getReplyTo(), out, request.getBody());
          responder.basicAck(request.getEnvelope().getDeliveryTag(), false);
        },
        tag -> {});
    com.rabbitmq.client.Channel caller = connection.createChannel();
    Map<String, CompletableFuture<byte[]>> waiting = new ConcurrentHashMap<>();
    // Direct reply-to: consume the pseudo-queue (no-ack, as it requires) before the first request.
    caller.basicConsume(
        DIRECT_REPLY_TO,
        true,
        (tag, reply) -> {
          CompletableFuture<byte[]> f = waiting.remove(reply.getProperties().getCorrelationId());
          if (f != null) {
            f.complete(reply.getBody());
          }
        },
        tag -> {});
    Rpc rpc =
        new Rpc() {
          @Override
          public byte[] call(byte[] request) throws Exception {
            String id = UUID.randomUUID().toString();
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            waiting.put(id, reply);
            AMQP.BasicProperties props =
                new AMQP.BasicProperties.Builder()
                    .deliveryMode(2)
                    .correlationId(id)
                    .replyTo(DIRECT_REPLY_TO)
                    .build();
            caller.basicPublish("", name, props, request);
            return reply.get(60, TimeUnit.SECONDS);
          }

          @Override
          public void close() throws Exception {
            caller.close();
            responder.close();
          }
        };
    open.add(rpc);
    return rpc;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        // already closed with its channel
      }
    }
    connection.close();
  }
}
