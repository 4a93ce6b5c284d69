package io.hermod.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static Settings of(String name, String value) {
    return Settings.of("binding 'x'", "hermod.x.", Map.of(name, value));
  }

  private static final String TOO_LONG =
      " must be at most 2147483647ms (about 24.8 days: broker clients count timeouts in 32-bit"
          + " milliseconds), was '";

  @Test
  void aDurationThatOverflowsNamesKeyValueAndRange() {
    for (String huge :
        new String[] {
          "99999999999999999h",
          "9223372036854775807s",
          "99999999999999999999ms",
          "9223372036854775807",
          "PT9999999999999999999H",
          "P30D"
        }) {
      Settings s = of("wait", huge);
      assertThat(s.duration("wait", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
      assertThat(s.problems())
          .as(huge)
          .containsExactly("hermod.x.wait" + TOO_LONG + huge + "'; set it to e.g. 5s");
    }
  }

  @Test
  void everyTimeoutUpTo32BitMillisecondsIsAccepted() {
    assertThat(of("wait", "P24D").duration("wait", Duration.ZERO)).isEqualTo(Duration.ofDays(24));
    assertThat(of("wait", "2147483647ms").duration("wait", Duration.ZERO))
        .isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
    Settings over = of("wait", "2147483648ms");
    over.duration("wait", Duration.ofMillis(250));
    assertThat(over.problems())
        .containsExactly("hermod.x.wait" + TOO_LONG + "2147483648ms'; set it to e.g. 250ms");
  }

  @Test
  void aLongerBoundIsNamedInDays() {
    Settings s = of("ttl", "P400D");
    s.duration("ttl", Duration.ofMinutes(1), Duration.ofDays(365));
    assertThat(s.problems())
        .containsExactly(
            "hermod.x.ttl must be at most 8760h (365 days), was 'P400D'; set it to e.g. 1m");
    assertThat(of("ttl", "P30D").duration("ttl", Duration.ofMinutes(1), Duration.ofDays(365)))
        .isEqualTo(Duration.ofDays(30));
  }

  @Test
  void parsingAHugeDurationNeverThrows() {
    assertThat(Settings.parseDuration("99999999999999999h")).isEmpty();
    assertThat(Settings.parseDuration("PT9999999999999999999H")).isEmpty();
    assertThat(Settings.parseDuration("9223372036854775807s"))
        .contains(Duration.ofSeconds(Long.MAX_VALUE));
  }

  @Test
  void anEmptyValueIsAnErrorNotTheDefault() {
    for (String empty : new String[] {"", "  "}) {
      Settings s = of("wait", empty);
      assertThat(s.duration("wait", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
      assertThat(s.optional("wait")).isEmpty();
      assertThat(s.problems())
          .containsExactly(
              "hermod.x.wait is empty; remove the line to use the default, or give a value");
    }
    Settings required = of("host", "");
    assertThat(required.required("host", "set it to the broker's host name")).isNull();
    assertThat(required.problems())
        .containsExactly(
            "hermod.x.host is empty; remove the line to use the default, or give a value");
    Settings secret = of("password", "");
    assertThat(secret.secret("password")).isEmpty();
    assertThatThrownBy(secret::validate)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "invalid configuration of binding 'x': hermod.x.password is empty; remove the line to"
                + " use the default, or give a value");
  }

  @Test
  void anAbsentValueStillMeansTheDefault() {
    Settings s = Settings.of("binding 'x'", "hermod.x.", Map.of());
    assertThat(s.duration("wait", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.integer("n", 3, 1, 10)).isEqualTo(3);
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void aNumberTooLargeForItsTypeIsOutOfRangeNotMalformed() {
    Settings s = of("n", "99999999999");
    assertThat(s.integer("n", 3, 1, Integer.MAX_VALUE)).isEqualTo(3);
    assertThat(s.problems())
        .containsExactly("hermod.x.n must be between 1 and 2147483647, was 99999999999");
    Settings negative = of("n", "-99999999999999999999");
    negative.integer("n", 3, 1, 100);
    assertThat(negative.problems())
        .containsExactly("hermod.x.n must be between 1 and 100, was -99999999999999999999");
    Settings words = of("n", "lots");
    words.integer("n", 3, 1, 100);
    assertThat(words.problems()).containsExactly("hermod.x.n must be a whole number, was 'lots'");
  }
}
