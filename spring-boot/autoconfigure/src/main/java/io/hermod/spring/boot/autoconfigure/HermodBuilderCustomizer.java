package io.hermod.spring.boot.autoconfigure;

import io.hermod.core.Hermod;

/**
 * Adjusts the builder of the auto-configured {@link io.hermod.api.Messaging} after the {@code
 * Environment}'s {@code hermod.*} keys, the {@code ChannelSpec}, {@code PayloadCodec} and {@code
 * MessagingObserver} beans were applied, just before it is built. Beans of this type are applied in
 * their {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * HermodBuilderCustomizer auditTrail(AuditObserver audit) {
 *   return builder -> builder.observer(audit);
 * }
 * }</pre>
 *
 * <p>Implementations are called once, on the thread that creates the bean.
 *
 * @since 0.4
 */
@FunctionalInterface
public interface HermodBuilderCustomizer {

  /**
   * Adjusts the builder.
   *
   * @param builder the builder, already holding the configuration
   */
  void customize(Hermod.Builder builder);
}
