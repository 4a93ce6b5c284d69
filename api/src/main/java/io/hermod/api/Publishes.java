package io.hermod.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the channel the methods of a client interface send to ({@link Messaging#client(Class)}); on
 * the interface it applies to every method, on a method it overrides the interface's.
 *
 * <p>A sending method has one payload parameter (or a {@link Message Message&lt;T&gt;}) plus any
 * {@link Key @Key}, {@link RoutingKey @RoutingKey} and {@link Header @Header} {@code String}s, and
 * returns {@code CompletionStage<Receipt>}, {@link Receipt} (blocking up to the send timeout) or
 * {@code void} (fire and forget; failures are logged).
 *
 * <pre>{@code
 * @Publishes(channel = "orders")
 * interface OrderEvents {
 *   CompletionStage<Receipt> placed(Order order, @Key String customerId);
 * }
 * messaging.client(OrderEvents.class).placed(order, "c-42");
 * }</pre>
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Publishes {

  /**
   * The declared channel to send to.
   *
   * @return the channel name
   */
  String channel();
}
