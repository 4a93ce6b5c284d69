package io.hermod.cli.internal;

import io.hermod.api.ConnectionException;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.spi.observation.MessagingObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts Hermod with a bound on the time it may take, so that a command pointed at a broker that
 * never answers fails with exit code 3 instead of hanging. Stateless and thread-safe.
 */
final class Connector {

  private Connector() {}

  /**
   * Builds a {@link Messaging} from the configuration.
   *
   * @param config the {@code hermod.*} settings, including {@code hermod.binding}; {@code
   *     hermod.connect-timeout} is the longest wait
   * @return a started facade, never {@code null}
   * @throws io.hermod.api.ConfigurationException for invalid configuration
   * @throws ConnectionException if the binding did not start in time
   */
  static Messaging connect(Map<String, String> config) {
    return connect(config, List.of());
  }

  /**
   * Builds a {@link Messaging} from the configuration, with observers installed.
   *
   * @param config the {@code hermod.*} settings
   * @param observers the observers to install
   * @return a started facade, never {@code null}
   */
  static Messaging connect(Map<String, String> config, List<MessagingObserver> observers) {
    WrittenDuration within = connectTimeout(config);
    CompletableFuture<Messaging> started = new CompletableFuture<>();
    // A daemon thread: if the binding never returns, it must not keep the JVM alive.
    Thread t =
        new Thread(
            () -> {
              try {
                Hermod.Builder builder = Hermod.builder().config(config);
                observers.forEach(builder::observer);
                started.complete(builder.build());
              } catch (Throwable e) {
                started.completeExceptionally(e);
              }
            },
            "hermod-cli-connect");
    t.setDaemon(true);
    t.start();
    String binding = config.get("hermod.binding");
    try {
      return started.get(within.value().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // If it starts after all, close it rather than leak its threads and connections.
      started.thenAccept(Messaging::close);
      throw new ConnectionException(
          binding,
          null,
          "the binding did not start within "
              + within
              + " (--connect-timeout); check that the broker is running and that the config"
              + " points at it, or raise --connect-timeout",
          null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new ConnectionException(
          binding, null, "the binding failed to start: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException(binding, null, "interrupted while starting the binding", e);
    }
  }

  /** The configured connect timeout, as written; a malformed one is Hermod's to reject, by key. */
  private static WrittenDuration connectTimeout(Map<String, String> config) {
    String text =
        config.getOrDefault(
            BindingOptions.CONNECT_TIMEOUT_KEY, BindingOptions.DEFAULT_CONNECT_TIMEOUT);
    try {
      return WrittenDuration.parse(text);
    } catch (RuntimeException e) {
      return WrittenDuration.parse(BindingOptions.DEFAULT_CONNECT_TIMEOUT);
    }
  }
}
