package io.hermod.binding.kafka.internal;

import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.spi.Outbound;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;

/**
 * Sends to one topic through the binding's shared idempotent producer; each receipt completes on
 * the broker's acknowledgement ({@code acks=all}). A send that finds no other unconfirmed is
 * flushed at once rather than lingering (see {@link LoneSendFlusher}). Thread-safe.
 *
 * <p>A message without a key goes to the partition its id hashes to (murmur2, as the producer does
 * for keys) instead of the producer's sticky partition, for two reasons: a resend of the same id
 * must land on the partition whose processed-id store remembers it ({@code EXACTLY_ONCE}), and
 * competing consumers must share a burst of keyless messages — the sticky partitioner fills one
 * partition with a whole batch (16 KiB, some 75 small messages) before it moves on, so a burst of a
 * few hundred reaches only some partitions and the members owning the others get nothing (TCK B01
 * in the short profile). Messages with a key go to their key's partition, as everywhere.
 */
final class KafkaOutbound implements Outbound {

  private final String topic;
  private final Supplier<Producer<byte[], byte[]>> producer;
  private final LoneSendFlusher loneSends;
  private final KafkaErrors errors;
  private final boolean compactWire;

  KafkaOutbound(
      String topic,
      Supplier<Producer<byte[], byte[]>> producer,
      LoneSendFlusher loneSends,
      KafkaErrors errors,
      boolean compactWire) {
    this.topic = topic;
    this.compactWire = compactWire;
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
                KafkaWire.toRecord(topic, partitionOf(message), message, compactWire),
                (metadata, error) -> {
                  loneSends.settled();
                  if (error != null) {
                    receipt.completeExceptionally(errors.translate(error, topic, "send"));
                  } else {
                    receipt.complete(
                        new Receipt(
                            errors.binding(),
                            topic,
                            message.id(),
                            metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset(),
                            Instant.now()));
                  }
                });
      } catch (RuntimeException e) {
        // Each entry fails on its own: the rest of the batch is still sent.
        loneSends.settled();
        receipt.completeExceptionally(errors.translate(e, topic, "send"));
      }
    }
    if (alone) {
      loneSends.flushSoon();
    }
    return receipts;
  }

  /** The partition chosen by the binding, or {@code null} to let the producer choose. */
  private @Nullable Integer partitionOf(Message<byte[]> message) {
    if (message.key() != null) {
      return null;
    }
    // The producer's cached metadata; fetched (within max.block.ms) only on a topic's first send.
    int partitions = producer.get().partitionsFor(topic).size();
    byte[] id = message.id().getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(id)) % partitions;
  }
}
