package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ConfigurationException;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.spi.BindingProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Hermod#builder()} is explicit-only; {@link Hermod#fromConfig()} and {@code
 * withExternalConfig()} layer the external sources beneath the builder. Runs with a context class
 * loader that holds a binding and a {@code hermod.properties}.
 */
class EntryPointTest {

  @TempDir Path dir;

  private <T> T withClassPath(Callable<T> body) throws Exception {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(
        services.resolve(BindingProvider.class.getName()),
        ServiceLoadedKafka.class.getName() + "\n");
    Files.writeString(dir.resolve("hermod.properties"), "hermod.kafka.host=from-file\n");
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      current.setContextClassLoader(loader);
      return body.call();
    } finally {
      current.setContextClassLoader(previous);
    }
  }

  private static <T> T withSystemProperty(String key, String value, Callable<T> body)
      throws Exception {
    String previous = System.getProperty(key);
    System.setProperty(key, value);
    try {
      return body.call();
    } finally {
      if (previous == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, previous);
      }
    }
  }

  @Test
  void theBuilderReadsNothingButWhatItIsGiven() throws Exception {
    withClassPath(
        () ->
            withSystemProperty(
                "hermod.send-timeout",
                "soon",
                () -> {
                  assertThatThrownBy(() -> Hermod.builder().build())
                      .isInstanceOf(ConfigurationException.class)
                      .hasMessage(
                          "invalid configuration of binding 'kafka': hermod.kafka.host is required"
                              + " but not set: set it to the broker's host name, e.g. localhost");
                  try (Messaging m = Hermod.builder().property("hermod.kafka.host", "h").build()) {
                    assertThat(((CoreMessaging) m).config().sendTimeout()).hasSeconds(10);
                  }
                  return null;
                }));
  }

  @Test
  void fromConfigReadsTheExternalSources() throws Exception {
    withClassPath(
        () -> {
          try (Messaging m = Hermod.fromConfig()) {
            assertThat(m.bindingName()).isEqualTo("kafka");
          }
          withSystemProperty(
              "hermod.send-timeout",
              "soon",
              () -> {
                assertThatThrownBy(Hermod::fromConfig)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage(
                        "invalid configuration of Hermod: hermod.send-timeout must be a duration"
                            + " such as 500ms, 5s, 2m or PT5S, was 'soon' (set by system property"
                            + " hermod.send-timeout)");
                try (Messaging m =
                    Hermod.builder()
                        .withExternalConfig()
                        .property("hermod.send-timeout", "2s")
                        .build()) {
                  assertThat(((CoreMessaging) m).config().sendTimeout()).hasSeconds(2);
                }
                return null;
              });
          return null;
        });
  }
}
