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
 * on the broker's acknowledgement ({@code acks=all}). Thread-safe.
 */
final class KafkaOutbound implements Outbound {

  private final String binding;
  private final String topic;
  private final Supplier<Producer<byte[], byte[]>> producer;
  private final KafkaErrors errors;

  KafkaOutbound(
      String binding, String topic, Supplier<Producer<byte[], byte[]>> producer, KafkaErrors errors) {
    this.binding = binding;
    this.topic = topic;
    this.producer = producer;
    this.errors = errors;
  }

  @Override
  public List<CompletableFuture<Receipt>> send(List<Message<byte[]>> batch) {
    List<CompletableFuture<Receipt>> receipts = new ArrayList<>(batch.size());
    for (Message<byte[]> message : batch) {
      CompletableFuture<Receipt> receipt = new CompletableFuture<>();
      receipts.add(receipt);
      try {
        producer
            .get()
            .send(
                KafkaWire.toRecord(topic, message),
                (metadata, error) -> {
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
        receipt.completeExceptionally(errors.translate(topic, "send", e));
      }
    }
    return receipts;
  }
}
