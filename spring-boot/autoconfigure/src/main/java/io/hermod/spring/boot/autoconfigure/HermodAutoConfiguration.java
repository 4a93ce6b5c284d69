package io.hermod.spring.boot.autoconfigure;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.spi.PayloadCodec;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spring.boot.autoconfigure.internal.EnvironmentConfig;
import io.hermod.spring.boot.autoconfigure.internal.ListenerLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The {@link Messaging} bean, configured from the {@code Environment} with Hermod's own keys, and
 * the lifecycle that starts {@link io.hermod.api.MessageListener} beans with the context.
 *
 * <p>The bean is {@code Hermod.builder()} with every {@code hermod.*} key of the {@code
 * Environment} (and every {@code HERMOD_*} variable, mapped as core maps it), every {@link
 * ChannelSpec} bean declared, every {@link PayloadCodec} and {@link MessagingObserver} bean
 * installed in {@code @Order}, then every {@link HermodBuilderCustomizer}. Hermod's class-path
 * {@code hermod.properties}/{@code hermod.yaml} and {@code HERMOD_CONFIG} file are not read:
 * Spring's {@code Environment} is the one source ({@code
 * spring.config.import=optional:classpath:hermod.yaml} brings such a file in). An application's own
 * {@code Messaging} bean replaces this one.
 *
 * @since 0.4
 */
@AutoConfiguration
public class HermodAutoConfiguration {

  /** Spring makes it. */
  public HermodAutoConfiguration() {}

  /**
   * The facade, closed when the context closes (after the listeners stopped).
   *
   * @param environment where the {@code hermod.*} keys come from
   * @param channels channels to declare
   * @param codecs codecs to consult before the built-in ones
   * @param observers observers to install
   * @param customizers last adjustments
   * @return the started facade
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Messaging hermodMessaging(
      ConfigurableEnvironment environment,
      ObjectProvider<ChannelSpec> channels,
      ObjectProvider<PayloadCodec> codecs,
      ObjectProvider<MessagingObserver> observers,
      ObjectProvider<HermodBuilderCustomizer> customizers) {
    Hermod.Builder builder = Hermod.builder();
    EnvironmentConfig.apply(environment, builder);
    channels.orderedStream().forEach(builder::declare);
    codecs.orderedStream().forEach(builder::codec);
    observers.orderedStream().forEach(builder::observer);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * Registers the {@link io.hermod.api.MessageListener} beans when the context starts and closes
   * them, letting running handlers finish, when it stops. Static: it is a bean post-processor.
   *
   * @param messaging the facade, looked up when the context starts
   * @return the lifecycle
   */
  @Bean
  public static ListenerLifecycle hermodListenerLifecycle(ObjectProvider<Messaging> messaging) {
    return new ListenerLifecycle(messaging);
  }
}
