package io.hermod.binding.kafka.internal;

import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.spi.Outbound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;

/**
 * Sends to one topic through the binding's shared idempotent producer; each receipt completes
 * on the broker's acknowledgement ({@code acks=all}). A send that finds no other unconfirmed is
 * flushed at once rather than lingering (see {@link LoneSendFlusher}). Thread-safe.
 */
final class KafkaOutbound implements Outbound {

  private final String binding;
  private final String topic;
  private final Supplier<Producer<byte[], byte[]>> producer;
  private final LoneSendFlusher loneSends;
  private final KafkaErrors errors;

  KafkaOutbound(
      String binding,
      String topic,
      Supplier<Producer<byte[], byte[]>> producer,
      LoneSendFlusher loneSends,
      KafkaErrors errors) {
    this.binding = binding;
    this.topic = topic;
    this.producer = producer;
    this.loneSends = loneSends;
    this.errors = errors;
  }

  @Override
  public List<CompletableFuture<Receipt>> send(List<Message<byte[]>> batch) {
    List<CompletableFuture<Receipt>> receipts = new ArrayList<>(batch.size());
    boolean alone = false;
    for (Message<byte[]> message : batch) {
      CompletableFuture<Receipt> receipt = new CompletableFuture<>();
      receipts.add(receipt);
      alone |= loneSends.sending();
      try {
        producer
            .get()
            .send(
                KafkaWire.toRecord(topic, message),
                (metadata, error) -> {
                  loneSends.settled();
                  if (error != null) {
                    receipt.completeExceptionally(errors.translate(topic, "send", error));
                  } else {
                    receipt.complete(
                        new Receipt(
                            binding,
                            topic,
                            message.id(),
                            metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset(),
                            Instant.now()));
                  }
                });
      } catch (RuntimeException e) {
        // Each entry fails on its own: the rest of the batch is still sent.
        loneSends.settled();
        receipt.completeExceptionally(errors.translate(topic, "send", e));
      }
    }
    if (alone) {
      loneSends.flushSoon();
    }
    return receipts;
  }
}
