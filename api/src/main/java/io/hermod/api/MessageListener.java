package io.hermod.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that handles the messages of a channel once its object is passed to {@link
 * Messaging#register(Object)}; no container needed.
 *
 * <p>Parameters, in any order: at most one of the payload (its type selects the codec), {@link
 * Message Message&lt;T&gt;} or {@link Delivery Delivery&lt;T&gt;} (the type argument selects the
 * payload type); any number of {@link Header @Header("name") String}, {@link Key @Key String} and
 * {@link RoutingKey @RoutingKey String}. The method returns {@code void}, or a {@link
 * java.util.concurrent.CompletionStage} that core waits for. A method that throws is retried and
 * dead-lettered like any handler.
 *
 * <pre>{@code
 * class Billing {
 *   @MessageListener(channel = "orders", concurrency = 4)
 *   void onOrder(Order order, @Header("tenant") String tenant) { ... }
 * }
 * Registration r = messaging.register(new Billing());
 * }</pre>
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MessageListener {

  /**
   * The declared channel to consume.
   *
   * @return the channel name
   */
  String channel();

  /**
   * The subscription name (on a topic, each name gets every message).
   *
   * @return the name, {@value SubscriptionOptions#DEFAULT_NAME} unless set
   */
  String subscription() default SubscriptionOptions.DEFAULT_NAME;

  /**
   * A routing-key pattern ({@link Filter#routingKey(String)}); empty for none.
   *
   * @return the pattern, such as {@code orders.*.created}
   */
  String filter() default "";

  /**
   * How many messages are handled at once.
   *
   * @return at least 1
   */
  int concurrency() default 1;

  /**
   * How many unsettled messages may be buffered; {@code -1} for the default.
   *
   * @return the prefetch, at least {@link #concurrency()}, or {@code -1}
   */
  int prefetch() default -1;
}
