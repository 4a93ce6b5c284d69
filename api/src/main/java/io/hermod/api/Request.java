package io.hermod.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of a client interface ({@link Messaging#client(Class)}) a request/reply call on an
 * RPC queue: it returns the reply type {@code R} (blocking up to the timeout) or {@code
 * CompletionStage<R>}. Parameters as for {@link Publishes}.
 *
 * <pre>{@code
 * interface Pricing {
 *   @Request(channel = "prices", timeout = "5s")
 *   Price quote(Quote request);
 * }
 * }</pre>
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Request {

  /**
   * The declared request queue.
   *
   * @return the channel name
   */
  String channel();

  /**
   * How long to wait for each reply, such as {@code 5s} or {@code 500ms}; empty for {@code
   * hermod.request-timeout}.
   *
   * @return the timeout
   */
  String timeout() default "";
}
