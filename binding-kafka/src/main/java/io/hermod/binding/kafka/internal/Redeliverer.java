package io.hermod.binding.kafka.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

  /** How one copy is coordinated with the consumer that owns the original. */
  interface Copy {

    /**
     * Called just before the copy is sent.
     *
     * @return {@code false} if the consumer no longer owns the record: the copy is abandoned and
     *     the partition's next owner reads the original again
     */
    boolean begin();

    /** The copy is durably appended: the original's offset may be committed. */
    void appended();

    /** The copy begun could not be appended; it is tried again after a pause. */
    void failed();
  }

  /**
   * Schedules the copy.
   *
   * @param record the nacked record
   * @param deliveries how many times it was delivered so far
   * @param delay the minimum delay before it is delivered again
   * @param copy what the owning consumer wants to know of the copy
   */
  void redeliver(ConsumerRecord<byte[], byte[]> record, int deliveries, Duration delay, Copy copy) {
    try {
      scheduler.schedule(
          () -> append(record, deliveries, copy),
          Math.max(0, delay.toMillis()),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug(
          "binding closing, {} will be redelivered from its uncommitted offset",
          KafkaWire.reference(record));
    }
  }

  private void append(ConsumerRecord<byte[], byte[]> record, int deliveries, Copy copy) {
    if (!copy.begin()) {
      return; // the partition moved on; its new owner reads the original again
    }
    try {
      producer.send(
          KafkaWire.redeliveryCopy(record, group, deliveries),
          (metadata, error) -> {
            if (error == null) {
              copy.appended();
            } else {
              copy.failed();
              LOG.warn(
                  "redelivering {} for group {} failed, retrying in {}: {}",
                  KafkaWire.reference(record),
                  group,
                  RETRY_AFTER_FAILURE,
                  error.toString());
              redeliver(record, deliveries, RETRY_AFTER_FAILURE, copy);
            }
          });
    } catch (RuntimeException e) {
      copy.failed();
      LOG.warn(
          "redelivering {} for group {} failed: {}",
          KafkaWire.reference(record),
          group,
          e.toString());
      redeliver(record, deliveries, RETRY_AFTER_FAILURE, copy);
    }
  }
}
