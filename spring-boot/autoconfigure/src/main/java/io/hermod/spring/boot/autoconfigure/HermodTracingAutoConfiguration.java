package io.hermod.spring.boot.autoconfigure;

import io.hermod.opentelemetry.HermodTracing;
import io.hermod.spi.observation.MessagingObserver;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Hermod's spans and trace propagation ({@code hermod-opentelemetry}) through the application's
 * {@link OpenTelemetry} bean (Spring Boot's {@code spring-boot-starter-opentelemetry} makes one),
 * where it has one and {@code hermod-opentelemetry} is on the class path.
 *
 * @since 0.4
 */
@AutoConfiguration(
    before = HermodAutoConfiguration.class,
    afterName =
        "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass({HermodTracing.class, OpenTelemetry.class})
@ConditionalOnBean(OpenTelemetry.class)
public class HermodTracingAutoConfiguration {

  /** Spring makes it. */
  public HermodTracingAutoConfiguration() {}

  /**
   * The tracing observer, installed on the {@code Messaging} bean.
   *
   * @param openTelemetry the application's OpenTelemetry
   * @return the observer
   */
  @Bean
  @ConditionalOnMissingBean(name = "hermodTracingObserver")
  public MessagingObserver hermodTracingObserver(OpenTelemetry openTelemetry) {
    return HermodTracing.builder(openTelemetry).build();
  }
}
