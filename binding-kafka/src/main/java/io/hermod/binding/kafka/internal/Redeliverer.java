package io.hermod.binding.kafka.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redelivers a nacked record without blocking its partition: after the delay it appends a copy
 * (same key and partition, delivery count incremented, addressed to the one consumer group) and
 * only then lets the original's offset be committed. A crash in between redelivers the original:
 * at-least-once, never lost. Thread-safe.
 */
final class Redeliverer {

  private static final Logger LOG = LoggerFactory.getLogger(Redeliverer.class);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private final Producer<byte[], byte[]> producer;
  private final ScheduledExecutorService scheduler;
  private final String group;

  Redeliverer(Producer<byte[], byte[]> producer, ScheduledExecutorService scheduler, String group) {
    this.producer = producer;
    this.scheduler = scheduler;
    this.group = group;
  }

  /**
   * Schedules the copy.
   *
   * @param record the nacked record
   * @param deliveries how many times it was delivered so far
   * @param delay the minimum delay before it is delivered again
   * @param stillWanted whether the consumer still owns the record (else the copy is abandoned)
   * @param done called once the copy is durably appended
   */
  void redeliver(
      ConsumerRecord<byte[], byte[]> record,
      int deliveries,
      Duration delay,
      BooleanSupplier stillWanted,
      Runnable done) {
    try {
      scheduler.schedule(
          () -> append(record, deliveries, stillWanted, done),
          Math.max(0, delay.toMillis()),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("binding closing, {} will be redelivered from its uncommitted offset", KafkaWire.reference(record));
    }
  }

  private void append(
      ConsumerRecord<byte[], byte[]> record,
      int deliveries,
      BooleanSupplier stillWanted,
      Runnable done) {
    if (!stillWanted.getAsBoolean()) {
      return; // the partition moved on; its new owner reads the original again
    }
    try {
      producer.send(
          KafkaWire.redeliveryCopy(record, group, deliveries),
          (metadata, error) -> {
            if (error == null) {
              done.run();
            } else {
              LOG.warn(
                  "redelivering {} failed, retrying in {}: {}",
                  KafkaWire.reference(record),
                  RETRY_AFTER_FAILURE,
                  error.toString());
              redeliver(record, deliveries, RETRY_AFTER_FAILURE, stillWanted, done);
            }
          });
    } catch (RuntimeException e) {
      LOG.warn("redelivering {} failed: {}", KafkaWire.reference(record), e.toString());
      redeliver(record, deliveries, RETRY_AFTER_FAILURE, stillWanted, done);
    }
  }
}
