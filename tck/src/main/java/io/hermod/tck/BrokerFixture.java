package io.hermod.tck;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a binding supplies to run the kit: its broker's lifecycle and the configuration pointing at
 * it. Broker timing differences are hooks here, never {@code if (binding == ...)} in the kit.
 *
 * <p>The kit calls {@link #start()} once before the first scenario and {@link #stop()} after the
 * last. Implementations need not be thread-safe beyond that.
 *
 * @since 0.1
 */
public interface BrokerFixture {

  /**
   * The binding under test, as selected by {@code hermod.binding}.
   *
   * @return e.g. {@code kafka}
   */
  String bindingName();

  /**
   * Starts the broker (idempotent).
   *
   * @throws Exception if it cannot start
   */
  void start() throws Exception;

  /**
   * Stops the broker and deletes its data (idempotent).
   *
   * @throws Exception if it cannot stop
   */
  void stop() throws Exception;

  /**
   * The full {@code hermod.*} configuration for a client of the running broker, including {@code
   * hermod.binding}.
   *
   * @return the configuration, never {@code null}
   */
  Map<String, String> config();

  /**
   * The configuration key naming the broker's address (for example {@code
   * hermod.kafka.bootstrap-servers}), which A01 removes to check that a missing address fails at
   * start naming it. The default is empty: the binding needs no address.
   *
   * @return the key, or empty
   */
  default Optional<String> addressKey() {
    return Optional.empty();
  }

  /**
   * Configuration pointing at an address where no broker listens, for the "send fails within its
   * timeout" checks (A07). The default is empty: the kit then stops the broker instead, if it can
   * restart it.
   *
   * @return the configuration, or empty
   */
  default Optional<Map<String, String>> unreachableConfig() {
    return Optional.empty();
  }

  /**
   * Whether {@link #stopBroker()} and {@link #startBroker()} work (F04, F05, H04).
   *
   * @return {@code true} if the broker can be restarted on the same data
   */
  default boolean canRestart() {
    return false;
  }

  /**
   * Stops the broker abruptly, keeping its data, so that {@link #startBroker()} brings it back on
   * the same address.
   *
   * @throws Exception if it cannot
   */
  default void stopBroker() throws Exception {
    throw new UnsupportedOperationException(bindingName() + " fixture cannot restart its broker");
  }

  /**
   * Starts the broker again after {@link #stopBroker()}, on the same data and address.
   *
   * @throws Exception if it cannot
   */
  default void startBroker() throws Exception {
    throw new UnsupportedOperationException(bindingName() + " fixture cannot restart its broker");
  }

  /**
   * The cluster behind {@link #config()}, for the cluster scenarios (F06, F07), or empty if the
   * fixture runs one broker node; those scenarios are then skipped with that reason. A binding
   * usually runs them in a test class of their own ({@link ClusterCompatibilityKit}), so its
   * single-node run stays as fast as it was.
   *
   * @return the cluster, or empty
   * @since 0.4
   */
  default Optional<BrokerCluster> cluster() {
    return Optional.empty();
  }

  /**
   * Configuration connecting over TLS with a test certificate (H02), or empty if the fixture has no
   * TLS listener.
   *
   * @return the configuration, or empty
   */
  default Optional<Map<String, String>> tlsConfig() {
    return Optional.empty();
  }

  /**
   * Configuration with wrong credentials for an authenticating listener (H03), or empty if the
   * fixture has none.
   *
   * @return the configuration, or empty
   */
  default Optional<Map<String, String>> wrongCredentialsConfig() {
    return Optional.empty();
  }

  /**
   * Settings overriding the fixture's configuration so that Hermod writes its compact wire format
   * (one attribute header, for channels with Hermod at both ends) instead of CloudEvents headers
   * (H07), or empty if the binding has no such format.
   *
   * @return the overrides, or empty
   * @since 0.3
   */
  default Optional<Map<String, String>> compactWireOverrides() {
    return Optional.empty();
  }

  /**
   * The plain client of the broker, for the CloudEvents interoperability scenario (H01), or empty
   * if the fixture has none.
   *
   * @return the client, or empty
   */
  default Optional<PlainClient> plainClient() {
    return Optional.empty();
  }

  /**
   * How long the broker may take to redeliver a message whose consumer vanished without acking (for
   * example an SQS visibility timeout). Waiting deadlines in F02 add this.
   *
   * @return the delay, never {@code null}
   */
  default Duration crashRedeliveryDelay() {
    return Duration.ZERO;
  }

  /**
   * Whether a consumer in another JVM on this machine, built from {@link #config()}, reaches the
   * same broker (C11 kills such a consumer with {@code kill -9}). The default is {@code true}: a
   * broker reached over the network is, and a fixture must say so to be skipped rather than skip by
   * default. A fixture whose broker lives inside the test JVM (the in-memory broker) returns {@code
   * false}, and C11 is skipped with that reason.
   *
   * @return {@code true} if another JVM can consume from the broker
   */
  default boolean reachableFromAnotherJvm() {
    return true;
  }

  /**
   * A factor applied to the catalogue's message counts; {@code 1.0} (the default) runs the full
   * counts. The short profile ({@code -Dio.hermod.tck.profile=short}) multiplies it by 0.1.
   *
   * @return the factor, {@code > 0}
   */
  default double scale() {
    return 1.0;
  }
}
