package io.hermod.spring.boot.autoconfigure;

import io.hermod.spring.boot.autoconfigure.internal.ClientRegistrar;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Makes every client interface in the given packages an injectable bean: each interface annotated
 * {@link io.hermod.api.Publishes @Publishes}, or with methods annotated {@code @Publishes} or
 * {@link io.hermod.api.Request @Request}, becomes {@code messaging.client(Interface.class)} of the
 * application's {@link io.hermod.api.Messaging} bean (one proxy per interface, thread-safe).
 *
 * <pre>{@code
 * @SpringBootApplication
 * @EnableHermodClients
 * class OrderServiceApplication {}
 *
 * @Service
 * class Checkout {
 *   Checkout(OrderEvents events) { ... }   // a @Publishes interface
 * }
 * }</pre>
 *
 * <p>The channels a client sends to must be declared when the client bean is created: in
 * configuration ({@code hermod.channels.<name>.kind}) or as {@code ChannelSpec} beans.
 *
 * @since 0.4
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Import(ClientRegistrar.class)
public @interface EnableHermodClients {

  /**
   * Packages to scan, with their sub-packages; none means the package of the annotated class.
   *
   * @return package names
   */
  String[] basePackages() default {};

  /**
   * Packages to scan, named by a class in each, with their sub-packages.
   *
   * @return classes whose packages are scanned
   */
  Class<?>[] basePackageClasses() default {};

  /**
   * Client interfaces to register besides those found by scanning.
   *
   * @return interfaces
   */
  Class<?>[] clients() default {};
}
