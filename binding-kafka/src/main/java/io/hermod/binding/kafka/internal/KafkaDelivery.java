package io.hermod.binding.kafka.internal;

import io.hermod.api.Message;
import io.hermod.spi.support.SettleOnceDelivery;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record handed to core. Settling is idempotent and thread-safe; the first ack, nack or release
 * wins, and all are ignored once the inbound endpoint is closed. It tells the processed-id store
 * where it came from: the source partition and the assignment epoch (see {@link
 * KafkaProcessedIdStore}).
 */
final class KafkaDelivery extends SettleOnceDelivery {

  private final KafkaInbound inbound;
  private final ConsumerRecord<byte[], byte[]> record;
  private final PartitionState partition;

  KafkaDelivery(
      KafkaInbound inbound,
      ConsumerRecord<byte[], byte[]> record,
      PartitionState partition,
      Message<byte[]> message,
      int deliveryCount) {
    super(message, deliveryCount);
    this.inbound = inbound;
    this.record = record;
    this.partition = partition;
  }

  @Override
  protected void onAck() {
    if (inbound.isOpen()) {
      inbound.acked(record, partition);
    }
  }

  @Override
  protected void onNack(Duration redeliverAfter) {
    if (inbound.isOpen()) {
      inbound.nacked(record, partition, deliveryCount(), redeliverAfter);
    }
  }

  /**
   * Leaves the record not done (no copy, unlike a nack), so the committed offset stays before it
   * and the partition's next owner reads it again in its place, before the later records of its
   * key.
   */
  @Override
  protected void onRelease() {
    if (inbound.isOpen()) {
      inbound.released(partition);
    }
  }

  /** The topic the record was read from. */
  String topic() {
    return record.topic();
  }

  /** The partition the record was read from. */
  int partition() {
    return record.partition();
  }

  /**
   * Which assignment of its partition this delivery belongs to: a new value each time the partition
   * is assigned to a consumer of this binding, unique within the binding.
   */
  int assignmentEpoch() {
    return partition.epoch;
  }

  @Override
  public String toString() {
    return "KafkaDelivery[" + KafkaWire.reference(record) + ", count=" + deliveryCount() + "]";
  }
}
