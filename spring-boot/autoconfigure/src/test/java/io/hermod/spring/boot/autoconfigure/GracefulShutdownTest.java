package io.hermod.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.MessageListener;
import io.hermod.api.Messaging;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Closing the context lets a running handler finish before the beans it uses are destroyed: the
 * handler blocks until the context starts closing, then writes to a collaborator bean, which counts
 * what was written when it is destroyed.
 */
class GracefulShutdownTest {

  static final CountDownLatch STARTED = new CountDownLatch(1);
  static final CountDownLatch CLOSING = new CountDownLatch(1);
  static final AtomicInteger WRITTEN_WHEN_DESTROYED = new AtomicInteger(-1);

  /** The collaborator. */
  public static class Ledger {
    final AtomicInteger written = new AtomicInteger();

    @PreDestroy
    void destroyed() {
      WRITTEN_WHEN_DESTROYED.set(written.get());
    }
  }

  /** A listener still running when the context closes. */
  public static class SlowListener {
    private final Ledger ledger;

    SlowListener(Ledger ledger) {
      this.ledger = ledger;
    }

    @MessageListener(channel = "slow-work", subscription = "slow")
    public void on(String work) throws InterruptedException {
      STARTED.countDown();
      if (CLOSING.await(30, TimeUnit.SECONDS)) {
        ledger.written.incrementAndGet();
      }
    }
  }

  @Test
  void aRunningHandlerFinishesBeforeItsCollaboratorsAreDestroyed() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(HermodAutoConfiguration.class))
        .withPropertyValues(
            "hermod.binding=inmemory",
            "hermod.inmemory.broker=graceful-shutdown",
            "hermod.channels.slow-work.kind=queue")
        .withBean(Ledger.class)
        .withBean(SlowListener.class)
        .withBean(
            "closing",
            ApplicationListener.class,
            () -> (ApplicationListener<ContextClosedEvent>) e -> CLOSING.countDown())
        .run(
            context -> {
              context
                  .getBean(Messaging.class)
                  .publisher("slow-work", String.class)
                  .send("w")
                  .toCompletableFuture()
                  .join();
              assertThat(STARTED.await(30, TimeUnit.SECONDS)).isTrue();
              context.close();
              assertThat(WRITTEN_WHEN_DESTROYED).hasValue(1);
            });
  }
}
