package io.hermod.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtcTimestampsTest {

  @Test
  void writesExactlyWhatInstantToStringWritesAndReadsItBack() {
    SplittableRandom random = new SplittableRandom(20261126);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant t = Instant.ofEpochSecond(random.nextLong(min, max + 1), nanos);
      String text = UtcTimestamps.format(t);
      assertThat(text).isEqualTo(t.toString());
      assertThat(UtcTimestamps.parse(text)).isEqualTo(t);
    }
    Instant now = Instant.now();
    assertThat(UtcTimestamps.format(now)).isEqualTo(now.toString());
  }

  @Test
  void yearsOutsideFourDigitsFallBackToInstantsOwnText() {
    for (Instant t :
        new Instant[] {
          Instant.MIN,
          Instant.MAX,
          Instant.parse("+10000-01-01T00:00:00Z"),
          Instant.parse("-0001-12-31T23:59:59.5Z")
        }) {
      assertThat(UtcTimestamps.format(t)).isEqualTo(t.toString());
      assertThat(UtcTimestamps.parse(t.toString())).isEqualTo(t);
    }
  }

  @Test
  void readsOtherIso8601FormsAsInstantParseDoes() {
    assertThat(UtcTimestamps.parse("2026-11-26T03:12:45.1Z"))
        .isEqualTo(Instant.parse("2026-11-26T03:12:45.100Z"));
    assertThat(UtcTimestamps.parse("2026-11-26T03:12:45.123456789Z"))
        .isEqualTo(Instant.parse("2026-11-26T03:12:45.123456789Z"));
    assertThat(UtcTimestamps.parse("2026-11-26T05:12:45+02:00"))
        .isEqualTo(Instant.parse("2026-11-26T03:12:45Z"));
    assertThat(UtcTimestamps.parse("2016-12-31T23:59:60Z"))
        .isEqualTo(Instant.parse("2016-12-31T23:59:60Z"));
  }

  @Test
  void whatIsNotATimestampReadsAsNull() {
    for (String bad :
        new String[] {
          "",
          "yesterday",
          "2026-02-31T00:00:00Z",
          "2026-11-26T03:12:45.1234567890Z",
          "2026-11-26 03:12:45Z",
          "2026-1a-26T03:12:45Z"
        }) {
      assertThat(UtcTimestamps.parse(bad)).as(bad).isNull();
    }
  }
}
