package io.hermod.spi;

import io.hermod.spi.observation.BrokerTraffic;
import io.hermod.spi.support.Settings;
import java.time.Duration;

/**
 * What a binding is created with.
 *
 * @param bindingName the binding's name
 * @param settings the {@code hermod.<name>.*} settings, read through {@link Settings} so every
 *     error names the full key
 * @param sendTimeout how long a send may take before it fails ({@code hermod.send-timeout})
 * @param connectTimeout how long connecting may take at start ({@code hermod.connect-timeout})
 * @param instanceId a unique id of this {@code Messaging} instance, for naming per-instance
 *     resources such as reply queues
 * @param traffic where the binding counts the requests and bytes it sends its broker, per channel
 *     (since 0.3)
 * @since 0.1
 */
public record BindingContext(
    String bindingName,
    Settings settings,
    Duration sendTimeout,
    Duration connectTimeout,
    String instanceId,
    BrokerTraffic traffic) {

  /**
   * A context whose traffic nobody counts.
   *
   * @param bindingName the binding's name
   * @param settings the settings
   * @param sendTimeout the send timeout
   * @param connectTimeout the connect timeout
   * @param instanceId the instance id
   */
  public BindingContext(
      String bindingName,
      Settings settings,
      Duration sendTimeout,
      Duration connectTimeout,
      String instanceId) {
    this(bindingName, settings, sendTimeout, connectTimeout, instanceId, BrokerTraffic.NONE);
  }
}
