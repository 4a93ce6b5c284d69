package io.hermod.spring.boot.autoconfigure;

import io.hermod.micrometer.HermodMetrics;
import io.hermod.spi.observation.MessagingObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Hermod's meters ({@code hermod-micrometer}) in the application's {@link MeterRegistry}, where it
 * has one and {@code hermod-micrometer} is on the class path.
 *
 * @since 0.4
 */
@AutoConfiguration(
    before = HermodAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({HermodMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
public class HermodMetricsAutoConfiguration {

  /** Spring makes it. */
  public HermodMetricsAutoConfiguration() {}

  /**
   * The metrics observer, installed on the {@code Messaging} bean.
   *
   * @param registry the application's registry
   * @return the observer
   */
  @Bean
  @ConditionalOnMissingBean(name = "hermodMetricsObserver")
  public MessagingObserver hermodMetricsObserver(MeterRegistry registry) {
    return HermodMetrics.observer(registry);
  }
}
