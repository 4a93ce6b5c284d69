package io.hermod.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static final ConfigKey<Duration> WAIT =
      ConfigKey.duration("wait", Duration.ofSeconds(5), "how long to wait");
  private static final ConfigKey<Duration> SHORT_WAIT =
      ConfigKey.duration("short-wait", Duration.ofMillis(250), "a shorter wait");
  private static final ConfigKey<Duration> TTL =
      ConfigKey.duration("ttl", Duration.ofMinutes(1), "time to live").atMost(Duration.ofDays(365));
  private static final ConfigKey<Integer> N = ConfigKey.integer("n", 3, 1, 100, "a count");
  private static final ConfigKey<Integer> BIG_N =
      ConfigKey.integer("big-n", 3, 1, Integer.MAX_VALUE, "a large count");
  private static final ConfigKey<String> HOST =
      ConfigKey.required("host", "set it to the broker's host name", "the host");
  private static final ConfigKey<String> PASSWORD = ConfigKey.secret("password", "the password");
  private static final ConfigKey<String> MODE =
      ConfigKey.oneOf("mode", "fast", List.of("fast", "safe"), "the mode");
  private static final ConfigKey<Map<String, String>> CLIENT =
      ConfigKey.passThrough("client.", "native client properties");
  private static final List<ConfigKey<?>> KEYS =
      List.of(WAIT, SHORT_WAIT, TTL, N, BIG_N, HOST, PASSWORD, MODE, CLIENT);

  private static Settings of(Map<String, String> values) {
    return Settings.of("binding 'x'", "hermod.x.", values, KEYS);
  }

  private static Settings of(String name, String value) {
    return of(Map.of(name, value));
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
      assertThat(s.get(WAIT)).isEqualTo(Duration.ofSeconds(5));
      assertThat(s.problems())
          .as(huge)
          .containsExactly("hermod.x.wait" + TOO_LONG + huge + "'; set it to e.g. 5s");
    }
  }

  @Test
  void everyTimeoutUpTo32BitMillisecondsIsAccepted() {
    assertThat(of("wait", "P24D").get(WAIT)).isEqualTo(Duration.ofDays(24));
    assertThat(of("wait", "2147483647ms").get(WAIT))
        .isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
    Settings over = of("short-wait", "2147483648ms");
    over.get(SHORT_WAIT);
    assertThat(over.problems())
        .containsExactly("hermod.x.short-wait" + TOO_LONG + "2147483648ms'; set it to e.g. 250ms");
  }

  @Test
  void aLongerBoundIsNamedInDays() {
    Settings s = of("ttl", "P400D");
    s.get(TTL);
    assertThat(s.problems())
        .containsExactly(
            "hermod.x.ttl must be at most 8760h (365 days), was 'P400D'; set it to e.g. 1m");
    assertThat(of("ttl", "P30D").get(TTL)).isEqualTo(Duration.ofDays(30));
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
      assertThat(s.get(WAIT)).isEqualTo(Duration.ofSeconds(5));
      assertThat(s.find(WAIT)).isEmpty();
      assertThat(s.problems())
          .containsExactly(
              "hermod.x.wait is empty; remove the line to use the default, or give a value");
    }
    Settings required = of(Map.of("host", ""));
    assertThat(required.get(HOST)).isNull();
    assertThat(required.problems())
        .containsExactly(
            "hermod.x.host is empty; remove the line to use the default, or give a value");
    Settings secret = of(Map.of("host", "h", "password", ""));
    assertThat(secret.find(PASSWORD)).isEmpty();
    assertThatThrownBy(secret::validate)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "invalid configuration of binding 'x': hermod.x.password is empty; remove the line to"
                + " use the default, or give a value");
  }

  @Test
  void anAbsentValueStillMeansTheDefault() {
    Settings s = of(Map.of());
    assertThat(s.get(WAIT)).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.get(N)).isEqualTo(3);
    assertThat(s.get(MODE)).isEqualTo("fast");
    assertThat(s.get(CLIENT)).isEmpty();
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void aNumberTooLargeForItsTypeIsOutOfRangeNotMalformed() {
    Settings s = of("big-n", "99999999999");
    assertThat(s.get(BIG_N)).isEqualTo(3);
    assertThat(s.problems())
        .containsExactly("hermod.x.big-n must be between 1 and 2147483647, was 99999999999");
    Settings negative = of("n", "-99999999999999999999");
    negative.get(N);
    assertThat(negative.problems())
        .containsExactly("hermod.x.n must be between 1 and 100, was -99999999999999999999");
    Settings words = of("n", "lots");
    words.get(N);
    assertThat(words.problems()).containsExactly("hermod.x.n must be a whole number, was 'lots'");
  }

  @Test
  void validateReportsEveryUnknownKeyWithTheClosestDeclaredOneAndUnreadInvalidValues() {
    Settings s =
        of(Map.of("host", "h", "wiat", "5s", "mdoe", "safe", "n", "0", "client.linger.ms", "5"));
    // Nothing read: validate reads the declared keys itself, so n=0 is reported too.
    assertThatThrownBy(s::validate)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.x.n must be between 1 and 100, was 0")
        .hasMessageContaining("unknown key hermod.x.mdoe; did you mean hermod.x.mode?")
        .hasMessageContaining("unknown key hermod.x.wiat; did you mean hermod.x.wait?")
        .hasMessageNotContaining("client.linger.ms");
    assertThat(of(Map.of("host", "h", "client.linger.ms", "5")).get(CLIENT))
        .containsExactly(Map.entry("linger.ms", "5"));
  }

  @Test
  void aRequiredKeyThatIsMissingNamesTheFix() {
    Settings s = of(Map.of());
    assertThatThrownBy(s::validate)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "hermod.x.host is required but not set: set it to the broker's host name");
  }

  @Test
  void readingAnUndeclaredKeyIsAProgrammingError() {
    ConfigKey<String> stray = ConfigKey.string("stray", "x", "not declared");
    assertThatThrownBy(() -> of(Map.of()).get(stray))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hermod.x.stray is read but not declared for binding 'x'");
    ConfigKey<String> sameNameOtherKey = ConfigKey.string("host", "x", "another declaration");
    assertThatThrownBy(() -> of(Map.of()).find(sameNameOtherKey))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secretsNeverShowInProblemsOrToString() {
    Settings s =
        of(Map.of("host", "h", "password", "hunter2", "client.ssl.key.password", "hunter3"));
    assertThat(s.toString()).doesNotContain("hunter2").doesNotContain("hunter3").contains("h");
    assertThat(s.find(PASSWORD)).contains("hunter2");
  }

  @Test
  void keysDescribeThemselvesForTheReferenceAndTheEnvironment() {
    assertThat(WAIT.defaultText()).isEqualTo("5s");
    assertThat(HOST.defaultText()).isEqualTo("(required)");
    assertThat(PASSWORD.defaultText()).isEqualTo("(none)");
    assertThat(N.typeText()).isEqualTo("integer 1..100");
    assertThat(MODE.typeText()).isEqualTo("fast / safe");
    assertThat(SHORT_WAIT.environmentVariable("hermod.x.")).isEqualTo("HERMOD_X_SHORT_WAIT");
    assertThat(CLIENT.environmentVariable("hermod.x.")).isEqualTo("HERMOD_X_CLIENT_");
    assertThat(CLIENT.covers("client.linger.ms")).isTrue();
    assertThat(WAIT.covers("wait.more")).isFalse();
    assertThat(
            ConfigKey.string("client-id", null, "id").defaultShownAs("hermod-<id>").defaultText())
        .isEqualTo("hermod-<id>");
    assertThatThrownBy(() -> ConfigKey.integer("n", 0, 1, 10, "out of bounds"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Settings.of("x", "hermod.x.", Map.of(), List.of(WAIT, WAIT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("declared twice");
  }
}
