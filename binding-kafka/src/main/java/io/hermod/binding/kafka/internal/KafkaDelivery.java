package io.hermod.binding.kafka.internal;

import io.hermod.api.Message;
import io.hermod.spi.InboundDelivery;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record handed to core. Settling is idempotent and thread-safe; the first ack or nack wins,
 * and both are ignored once the inbound endpoint is closed.
 */
final class KafkaDelivery implements InboundDelivery {

  private final KafkaInbound inbound;
  private final ConsumerRecord<byte[], byte[]> record;
  private final PartitionState partition;
  private final Message<byte[]> message;
  private final int deliveryCount;
  private final AtomicBoolean settled = new AtomicBoolean();

  KafkaDelivery(
      KafkaInbound inbound,
      ConsumerRecord<byte[], byte[]> record,
      PartitionState partition,
      Message<byte[]> message,
      int deliveryCount) {
    this.inbound = inbound;
    this.record = record;
    this.partition = partition;
    this.message = message;
    this.deliveryCount = deliveryCount;
  }

  @Override
  public Message<byte[]> message() {
    return message;
  }

  @Override
  public int deliveryCount() {
    return deliveryCount;
  }

  @Override
  public void ack() {
    if (inbound.isOpen() && settled.compareAndSet(false, true)) {
      inbound.acked(record, partition);
    }
  }

  @Override
  public void nack(Duration redeliverAfter) {
    if (inbound.isOpen() && settled.compareAndSet(false, true)) {
      inbound.nacked(record, partition, deliveryCount, redeliverAfter);
    }
  }

  @Override
  public String toString() {
    return "KafkaDelivery[" + KafkaWire.reference(record) + ", count=" + deliveryCount + "]";
  }
}
