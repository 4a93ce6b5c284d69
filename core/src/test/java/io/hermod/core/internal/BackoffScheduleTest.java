package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.Backoff;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffScheduleTest {

  private static long[] millis(Backoff backoff, int attempts) {
    BackoffSchedule s = BackoffSchedule.of(backoff);
    return IntStream.rangeClosed(1, attempts).mapToLong(a -> s.delayAfter(a).toMillis()).toArray();
  }

  @Test
  void exponentialGrowsByTheMultiplierUpToTheCap() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));
    assertThat(millis(b, 7)).containsExactly(100, 200, 400, 800, 1000, 1000, 1000);
  }

  @Test
  void theDefaultChannelBackoff() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10));
    assertThat(millis(b, 9)).containsExactly(100, 200, 400, 800, 1600, 3200, 6400, 10000, 10000);
  }

  @Test
  void fractionalMultiplier() {
    Backoff b = Backoff.exponential(Duration.ofMillis(1000), 1.5, Duration.ofSeconds(3));
    assertThat(millis(b, 5)).containsExactly(1000, 1500, 2250, 3000, 3000);
  }

  @Test
  void fixedWhenTheMultiplierIsOne() {
    assertThat(millis(Backoff.fixed(Duration.ofMillis(250)), 4))
        .containsExactly(250, 250, 250, 250);
  }

  @Test
  void noneRedeliversAtOnce() {
    assertThat(millis(Backoff.none(), 3)).containsExactly(0, 0, 0);
  }
}
