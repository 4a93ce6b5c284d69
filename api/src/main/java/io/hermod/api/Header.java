package io.hermod.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@code String} parameter that is a message header: read from the message in a {@link
 * MessageListener} method ({@code null} when absent), set on the message in a {@link Publishes} or
 * {@link Request} method (skipped when {@code null}).
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Header {

  /**
   * The header name.
   *
   * @return the name
   */
  String value();
}
