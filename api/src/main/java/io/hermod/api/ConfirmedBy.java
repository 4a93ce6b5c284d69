package io.hermod.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a sending method of a client interface ({@link Publishes}) a confirmed send ({@link
 * Publisher#send(Message, Confirm)}): it returns {@code CompletionStage<ProcessingReport>}, {@link
 * ConfirmedSend}, or {@link ProcessingReport} (blocking until the report is complete or the
 * deadline passed).
 *
 * <pre>{@code
 * @Publishes(channel = "orders")
 * interface OrderEvents {
 *   @ConfirmedBy(value = {"billing", "shipping"}, within = "30s")
 *   CompletionStage<ProcessingReport> placed(Order order);
 * }
 * }</pre>
 *
 * @since 0.4
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ConfirmedBy {

  /**
   * The subscriptions that must confirm; {@code "*"} alone for whichever consumer of a queue takes
   * it ({@link Confirm#processed()}).
   *
   * @return the names
   */
  String[] value();

  /**
   * The deadline, such as {@code 30s}.
   *
   * @return the deadline; empty for {@link Confirm#DEFAULT_WITHIN}
   */
  String within() default "";

  /**
   * How many times to resend at the deadline ({@link Confirm#resendUpTo(int)}).
   *
   * @return the count, {@code >= 0}
   */
  int resendUpTo() default 0;
}
