package io.hermod.binding.kafka.internal;

import io.hermod.api.Message;
import io.hermod.spi.support.SettleOnceDelivery;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record handed to core. Settling is idempotent and thread-safe; the first ack or nack wins,
 * and both are ignored once the inbound endpoint is closed.
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

  @Override
  public String toString() {
    return "KafkaDelivery[" + KafkaWire.reference(record) + ", count=" + deliveryCount() + "]";
  }
}
