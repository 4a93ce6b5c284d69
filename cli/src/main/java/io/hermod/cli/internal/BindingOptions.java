package io.hermod.cli.internal;

import io.hermod.api.ConfigurationException;
import io.hermod.api.Messaging;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --binding} and {@code --config} options every command shares, and the configuration
 * they add up to. Not thread-safe; one per command invocation.
 */
public final class BindingOptions {

  /** The prefix of keys meant for {@code hermod tck}'s broker fixture rather than for Hermod. */
  static final String TCK_PREFIX = "tck.";

  @Option(
      names = {"-b", "--binding"},
      paramLabel = "NAME",
      description =
          "The binding: inmemory, artemis, kafka, sqs or rabbitmq (overrides hermod.binding in the config file).")
  @Nullable String binding;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "A properties file of hermod.* settings, e.g. hermod.kafka.bootstrap-servers=127.0.0.1:9092.")
  @Nullable Path config;

  /** The key of the binding's own connect timeout, which {@code --connect-timeout} sets. */
  static final String CONNECT_TIMEOUT_KEY = "hermod.connect-timeout";

  /** The connect timeout when neither the option nor the file sets one. */
  static final String DEFAULT_CONNECT_TIMEOUT = "60s";

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      converter = WrittenDuration.Converter.class,
      description =
          "How long to wait for the binding to start and reach its broker; sets "
              + CONNECT_TIMEOUT_KEY
              + " (default: the --config file's "
              + CONNECT_TIMEOUT_KEY
              + ", else "
              + DEFAULT_CONNECT_TIMEOUT
              + ").")
  @Nullable WrittenDuration connectTimeout;

  /** For picocli. */
  public BindingOptions() {}

  /**
   * Starts Hermod on the configured binding, waiting at most {@code --connect-timeout}.
   *
   * @param defaultBinding the binding when none is named, or {@code null} if one is required
   * @return a started facade, never {@code null}
   * @throws ConfigurationException for bad arguments or configuration
   * @throws io.hermod.api.ConnectionException if the broker does not answer in time
   */
  Messaging connect(@Nullable String defaultBinding) {
    return Connector.connect(withConnectTimeout(hermodConfig(defaultBinding)));
  }

  /**
   * The same, with observers installed.
   *
   * @param defaultBinding the binding when none is named, or {@code null} if one is required
   * @param observers the observers
   * @return a started facade, never {@code null}
   */
  Messaging connect(
      @Nullable String defaultBinding,
      java.util.List<io.hermod.spi.observation.MessagingObserver> observers) {
    return Connector.connect(withConnectTimeout(hermodConfig(defaultBinding)), observers);
  }

  /**
   * The configuration with {@value #CONNECT_TIMEOUT_KEY} set to {@value #DEFAULT_CONNECT_TIMEOUT}
   * where neither the option nor the file set it: a command waits that long for its broker, and so
   * does the binding. (The kit's scenarios get the configuration without it: they test the
   * binding's own defaults.)
   *
   * @param config the configuration {@link #hermodConfig} returned
   * @return a copy with the key set, never {@code null}
   */
  static Map<String, String> withConnectTimeout(Map<String, String> config) {
    Map<String, String> c = new TreeMap<>(config);
    c.putIfAbsent(CONNECT_TIMEOUT_KEY, DEFAULT_CONNECT_TIMEOUT);
    return c;
  }

  /**
   * The Hermod configuration: the file's {@code hermod.*} keys, then {@code --binding}.
   *
   * @param defaultBinding the binding when neither the option nor the file names one, or {@code
   *     null} if one is required
   * @return the {@code hermod.*} settings, including {@code hermod.binding}
   * @throws ConfigurationException if the file is missing, unreadable, has keys that are neither
   *     {@code hermod.*} nor {@code tck.*}, or no binding is named
   */
  Map<String, String> hermodConfig(@Nullable String defaultBinding) {
    Map<String, String> all = fileEntries();
    Map<String, String> hermod = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    all.forEach(
        (k, v) -> {
          if (k.startsWith("hermod.")) {
            hermod.put(k, v);
          } else if (!k.startsWith(TCK_PREFIX)) {
            problems.add(
                "key '"
                    + k
                    + "' in "
                    + config
                    + " is not a Hermod setting; keys start with 'hermod.' (or 'tck.' for the"
                    + " hermod tck fixture)");
          }
        });
    // The binding waits for its broker as long as the command does, so that whichever gives up
    // first reports the timeout the user set.
    if (connectTimeout != null) {
      hermod.put(CONNECT_TIMEOUT_KEY, connectTimeout.text());
    }
    if (binding != null) {
      hermod.put("hermod.binding", binding);
    } else if (!hermod.containsKey("hermod.binding")) {
      if (defaultBinding == null) {
        problems.add(
            "no binding chosen; pass --binding NAME (inmemory, artemis, kafka, sqs or rabbitmq) or set"
                + " hermod.binding in the --config file");
      } else {
        hermod.put("hermod.binding", defaultBinding);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("the command line", problems);
    }
    return hermod;
  }

  /**
   * The file's {@code tck.*} keys, without the prefix.
   *
   * @return the fixture settings, never {@code null}
   */
  Map<String, String> tckConfig() {
    Map<String, String> tck = new TreeMap<>();
    fileEntries()
        .forEach(
            (k, v) -> {
              if (k.startsWith(TCK_PREFIX)) {
                tck.put(k.substring(TCK_PREFIX.length()), v);
              }
            });
    return tck;
  }

  /**
   * Where the configuration came from, for narration (never the values: they may be secrets).
   *
   * @return e.g. {@code kafka.properties} or {@code defaults}
   */
  String source() {
    return config == null ? "defaults" : config.toString();
  }

  private Map<String, String> fileEntries() {
    Map<String, String> entries = new TreeMap<>();
    if (config == null) {
      return entries;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(
          "--config",
          List.of("file '" + config + "' does not exist; pass the path of a properties file"));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException(
          "--config",
          List.of("file '" + config + "' cannot be read as properties: " + e.getMessage()));
    }
    p.stringPropertyNames().forEach(k -> entries.put(k, p.getProperty(k).trim()));
    return entries;
  }
}
