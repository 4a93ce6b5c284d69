package io.hermod.cli.internal;

import io.hermod.api.ConfigurationException;
import io.hermod.spi.support.Suggestions;
import io.hermod.tck.BrokerFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * A {@link BrokerFixture} for a broker somebody else runs: its configuration comes from the {@code
 * --config} file, it cannot start, stop or restart the broker (so the restart scenarios skip,
 * saying so), and optional {@code tck.*} keys of the same file describe the rest.
 *
 * <p>The {@code tck.*} keys: {@code address-key} (the key naming the broker address, which the
 * binding requires; known for the bundled bindings), {@code scale} (a factor on message counts),
 * {@code crash-redelivery-delay} (e.g. {@code 30s}), {@code tls.<hermod key>} and {@code
 * wrong-credentials.<hermod key>} (overrides making the TLS and wrong-password configurations).
 * Immutable and thread-safe.
 */
final class GenericFixture implements BrokerFixture {

  /** The keys naming the broker address, of the bindings this jar bundles. */
  private static final Map<String, String> ADDRESS_KEYS =
      Map.of(
          "artemis", "hermod.artemis.url",
          "kafka", "hermod.kafka.bootstrap-servers",
          "sqs", "hermod.sqs.endpoint",
          "rabbitmq", "hermod.rabbitmq.uri");

  /**
   * The bindings whose address is required. SQS is not among them: without an endpoint it talks to
   * AWS in the configured region, so A01 must not expect a missing endpoint to fail.
   */
  private static final Set<String> ADDRESS_REQUIRED = Set.of("artemis", "kafka", "rabbitmq");

  private static final Set<String> PLAIN_KEYS =
      Set.of("address-key", "scale", "crash-redelivery-delay");
  private static final String TLS = "tls.";
  private static final String WRONG_CREDENTIALS = "wrong-credentials.";

  /**
   * A host:port inside an address such as tcp://host:port, host:port,host2:port or
   * http://host:port.
   */
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9._-]+):\\d+");

  private final String binding;
  private final Map<String, String> config;
  private final @Nullable String addressKey;
  private final boolean addressRequired;
  private final double scale;
  private final Duration crashRedeliveryDelay;
  private final Map<String, String> tls;
  private final Map<String, String> wrongCredentials;

  private GenericFixture(
      String binding,
      Map<String, String> config,
      @Nullable String addressKey,
      boolean addressRequired,
      double scale,
      Duration crashRedeliveryDelay,
      Map<String, String> tls,
      Map<String, String> wrongCredentials) {
    this.binding = binding;
    this.config = Map.copyOf(config);
    this.addressKey = addressKey;
    this.addressRequired = addressRequired;
    this.scale = scale;
    this.crashRedeliveryDelay = crashRedeliveryDelay;
    this.tls = Map.copyOf(tls);
    this.wrongCredentials = Map.copyOf(wrongCredentials);
  }

  /**
   * A fixture for the configured broker.
   *
   * @param hermod the {@code hermod.*} settings, including {@code hermod.binding}
   * @param tck the {@code tck.*} settings without the prefix
   * @return the fixture, never {@code null}
   * @throws ConfigurationException naming every unknown or malformed {@code tck.*} key
   */
  static GenericFixture of(Map<String, String> hermod, Map<String, String> tck) {
    String binding = hermod.get("hermod.binding");
    List<String> problems = new ArrayList<>();
    Map<String, String> tlsOverrides = new TreeMap<>();
    Map<String, String> wrongOverrides = new TreeMap<>();
    tck.forEach(
        (k, v) -> {
          if (k.startsWith(TLS)) {
            tlsOverrides.put(k.substring(TLS.length()), v);
          } else if (k.startsWith(WRONG_CREDENTIALS)) {
            wrongOverrides.put(k.substring(WRONG_CREDENTIALS.length()), v);
          } else if (!PLAIN_KEYS.contains(k)) {
            List<String> known = new ArrayList<>(PLAIN_KEYS);
            known.add(TLS + "hermod.x");
            known.add(WRONG_CREDENTIALS + "hermod.x");
            problems.add(
                "unknown key 'tck."
                    + k
                    + "'"
                    + Suggestions.closest(k, known)
                        .map(s -> "; did you mean 'tck." + s + "'?")
                        .orElse("")
                    + " known: tck.address-key, tck.scale, tck.crash-redelivery-delay,"
                    + " tck.tls.<hermod key>, tck.wrong-credentials.<hermod key>");
          }
        });
    double scale = 1.0;
    String s = tck.get("scale");
    if (s != null) {
      try {
        scale = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        scale = -1;
      }
      if (!(scale > 0)) {
        problems.add("tck.scale must be a number > 0 such as 0.5, was '" + s + "'");
      }
    }
    Duration crash = Duration.ZERO;
    String c = tck.get("crash-redelivery-delay");
    if (c != null) {
      try {
        crash = new DurationConverter().convert(c);
      } catch (CommandLine.TypeConversionException e) {
        problems.add("tck.crash-redelivery-delay: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(binding, null, "the tck.* settings", problems);
    }
    // tck.address-key declares a required address; a bundled binding's key is required only
    // where the binding cannot do without it.
    String declared = tck.get("address-key");
    String addressKey =
        declared != null ? declared : binding == null ? null : ADDRESS_KEYS.get(binding);
    boolean required = declared != null || ADDRESS_REQUIRED.contains(binding);
    if (addressKey != null && !hermod.containsKey(addressKey)) {
      addressKey = null;
    }
    return new GenericFixture(
        binding == null ? "?" : binding,
        hermod,
        addressKey,
        required,
        scale,
        crash,
        tlsOverrides,
        wrongOverrides);
  }

  @Override
  public String bindingName() {
    return binding;
  }

  /** Somebody else runs the broker: nothing to start. */
  @Override
  public void start() {}

  /** Somebody else runs the broker: nothing to stop. */
  @Override
  public void stop() {}

  @Override
  public Map<String, String> config() {
    return config;
  }

  /** The address key, if the binding fails to start without it (A01 checks that it does). */
  @Override
  public Optional<String> addressKey() {
    return addressRequired ? Optional.ofNullable(addressKey) : Optional.empty();
  }

  /** The configuration with every host:port of the address pointing at a port nobody listens on. */
  @Override
  public Optional<Map<String, String>> unreachableConfig() {
    if (addressKey == null) {
      return Optional.empty();
    }
    Matcher m = HOST_PORT.matcher(config.get(addressKey));
    if (!m.find()) {
      return Optional.empty();
    }
    String nowhere = "127.0.0.1:" + freePort();
    Map<String, String> c = new LinkedHashMap<>(config);
    c.put(addressKey, HOST_PORT.matcher(config.get(addressKey)).replaceAll(nowhere));
    return Optional.of(c);
  }

  @Override
  public Optional<Map<String, String>> tlsConfig() {
    return overridden(tls);
  }

  @Override
  public Optional<Map<String, String>> wrongCredentialsConfig() {
    return overridden(wrongCredentials);
  }

  @Override
  public Duration crashRedeliveryDelay() {
    return crashRedeliveryDelay;
  }

  @Override
  public double scale() {
    return scale;
  }

  private Optional<Map<String, String>> overridden(Map<String, String> overrides) {
    if (overrides.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> c = new LinkedHashMap<>(config);
    c.putAll(overrides);
    return Optional.of(c);
  }

  /** A port free a moment ago; closing the socket first means nothing listens there. */
  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Never the values: they may hold secrets. */
  @Override
  public String toString() {
    return "GenericFixture[" + binding + ", keys=" + new TreeMap<>(config).keySet() + "]";
  }
}
