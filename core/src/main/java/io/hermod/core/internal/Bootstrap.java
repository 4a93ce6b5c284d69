package io.hermod.core.internal;

import io.hermod.api.BindingNotFoundException;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.Messaging;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.PayloadCodec;
import io.hermod.spi.observation.BrokerTraffic;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.support.Settings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a {@link Messaging}: validates core's settings, selects and creates the binding (reporting
 * core and binding problems together), starts it and declares the initial channels. Stateless.
 */
public final class Bootstrap {

  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

  /** The subject of configuration errors covering several sources. */
  static final String SUBJECT = "Hermod";

  private Bootstrap() {}

  /**
   * Starts a facade.
   *
   * @param properties the merged {@code hermod.*} properties
   * @param discovery the available bindings
   * @param codecs user codecs, consulted first
   * @param channels channels to declare at start
   * @return a started facade, never {@code null}
   * @throws ConfigurationException listing every configuration problem
   */
  public static Messaging start(
      Map<String, String> properties,
      BindingDiscovery discovery,
      List<PayloadCodec> codecs,
      List<ChannelSpec> channels) {
    LayeredConfig config = new LayeredConfig();
    config.putAll(properties, null);
    return start(config, discovery, codecs, channels, List.of());
  }

  /**
   * Starts a facade; problems with keys set outside the code say where they were set.
   *
   * @param layered the merged {@code hermod.*} properties and their origins
   * @param discovery the available bindings
   * @param codecs user codecs, consulted first
   * @param channels channels to declare at start, after those declared in the configuration
   * @param observers observers of everything the facade does
   * @return a started facade, never {@code null}
   * @throws ConfigurationException listing every configuration problem
   */
  public static Messaging start(
      LayeredConfig layered,
      BindingDiscovery discovery,
      List<PayloadCodec> codecs,
      List<ChannelSpec> channels,
      List<MessagingObserver> observers) {
    MessagingObserver observer = ObserverFanOut.of(observers);
    Map<String, String> properties = layered.values();
    List<String> problems = new ArrayList<>();
    CoreConfig config = CoreConfig.read(properties, discovery.names(), problems);
    List<ChannelSpec> configured = ChannelConfig.read(properties, problems);
    ConfirmSettings confirm = ConfirmSettings.read(properties, problems);
    BindingProvider provider;
    try {
      provider = discovery.select(config.bindingName());
    } catch (BindingNotFoundException e) {
      if (problems.isEmpty()) {
        throw e;
      }
      problems.addAll(e.problems());
      throw failure(SUBJECT, problems, layered);
    }
    String name = provider.name();
    Settings settings =
        Settings.of(
            "binding '" + name + "'",
            CoreConfig.PREFIX + name + ".",
            relative(properties, name),
            provider.configKeys());
    BindingContext context =
        new BindingContext(
            name,
            settings,
            config.sendTimeout(),
            config.connectTimeout(),
            UUID.randomUUID().toString().substring(0, 8),
            observer == null ? BrokerTraffic.NONE : trafficTo(observer, name));
    Binding binding = null;
    try {
      binding = provider.create(context);
      // Core, not each binding, checks the binding's keys against its declarations, so a misspelt
      // hermod.<binding>.* key fails on every binding alike.
      settings.validate();
    } catch (ConfigurationException e) {
      if (problems.isEmpty()) {
        throw located(e, "binding '" + name + "'", layered);
      }
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      closeQuietly(binding);
      throw failure(SUBJECT, problems, layered);
    }
    if (binding == null) {
      throw new IllegalStateException(provider.getClass().getName() + ".create returned null");
    }
    try {
      binding.start();
    } catch (RuntimeException e) {
      closeQuietly(binding);
      throw e;
    }
    CoreMessaging messaging =
        new CoreMessaging(
            binding,
            name,
            config,
            confirm,
            Codecs.create(codecs, true),
            Clock.systemUTC(),
            observer);
    try {
      configured.forEach(messaging::declare);
      channels.forEach(messaging::declare);
    } catch (RuntimeException e) {
      messaging.close();
      throw e;
    }
    log.info("Hermod started with binding '{}'", name);
    return messaging;
  }

  private static BrokerTraffic trafficTo(MessagingObserver observer, String binding) {
    return (channel, operation, requests, billedRequests, bytes) ->
        observer.brokerTraffic(binding, channel, operation, requests, billedRequests, bytes);
  }

  private static ConfigurationException failure(
      String subject, List<String> problems, LayeredConfig layered) {
    return new ConfigurationException(subject, problems.stream().map(layered::locate).toList());
  }

  /** The binding's own exception, or the same problems pointing at where each key was set. */
  private static ConfigurationException located(
      ConfigurationException e, String subject, LayeredConfig layered) {
    List<String> located = e.problems().stream().map(layered::locate).toList();
    return located.equals(e.problems()) ? e : new ConfigurationException(subject, located);
  }

  private static Map<String, String> relative(Map<String, String> properties, String binding) {
    String prefix = CoreConfig.PREFIX + binding + ".";
    Map<String, String> out = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  private static void closeQuietly(@Nullable Binding binding) {
    if (binding != null) {
      try {
        binding.close();
      } catch (RuntimeException e) {
        log.debug("closing binding after a failed start: {}", e.toString());
      }
    }
  }
}
