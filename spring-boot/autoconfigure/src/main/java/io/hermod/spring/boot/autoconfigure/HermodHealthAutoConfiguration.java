package io.hermod.spring.boot.autoconfigure;

import io.hermod.api.Messaging;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code hermod} health indicator: {@link Messaging#health()}, UP or DOWN with the binding's
 * detail, where the application has Spring Boot's health support. Off with {@code
 * management.health.hermod.enabled=false}.
 *
 * @since 0.4
 */
@AutoConfiguration(after = HermodAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Messaging.class)
@ConditionalOnEnabledHealthIndicator("hermod")
public class HermodHealthAutoConfiguration {

  /** Spring makes it. */
  public HermodHealthAutoConfiguration() {}

  /**
   * The indicator; the bean name makes it the {@code hermod} component of {@code /actuator/health}.
   *
   * @param messaging the facade
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "hermodHealthIndicator")
  public HealthIndicator hermodHealthIndicator(Messaging messaging) {
    return () -> {
      io.hermod.api.Health health = messaging.health();
      Health.Builder builder = health.isUp() ? Health.up() : Health.down();
      return builder
          .withDetail("binding", messaging.bindingName())
          .withDetail("detail", health.detail())
          .build();
    };
  }
}
