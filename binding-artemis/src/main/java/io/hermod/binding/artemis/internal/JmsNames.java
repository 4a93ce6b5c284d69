package io.hermod.binding.artemis.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.jspecify.annotations.Nullable;

/**
 * Names on the wire: JMS property names for Hermod headers, and Artemis queue names for
 * subscriptions. Thread-safe; keeps a bounded cache of property names.
 *
 * <p>JMS property names must be Java identifiers, must not be selector keywords and must not start
 * with {@code JMS}; Artemis reserves {@code _AMQ}. A header name that is not safe is sent as {@code
 * hx$} followed by the name with every character outside {@code [A-Za-z0-9_]} written as {@code $}
 * and four hex digits, so {@code content-type} travels as {@code hx$content$002dtype}. Safe names
 * never contain {@code $}, so the mapping is reversible and the binding's own properties ({@code
 * HERMOD$...}) never collide with a header.
 */
final class JmsNames {

  /** The prefix of an escaped header name. */
  static final String ESCAPED_PREFIX = "hx$";

  /** The prefix of the binding's own wire properties, never shown as headers. */
  static final String INTERNAL_PREFIX = "HERMOD$";

  /** Delivery attempts made before this copy was sent back by a nack. */
  static final String ATTEMPTS_BEFORE = INTERNAL_PREFIX + "attempts";

  /** The number of words of the routing key, for wildcard selectors. */
  static final String ROUTING_WORD_COUNT = INTERNAL_PREFIX + "rkn";

  /**
   * The routing key with every word wrapped in dots, {@code .a..b.} for {@code a.b}, for wildcard
   * selectors (see {@link Selectors}).
   */
  static final String ROUTING_WORDS = INTERNAL_PREFIX + "rkw";

  /** Artemis's duplicate-detection property. */
  static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

  /**
   * The prefix of CloudEvents attributes in JMS properties ({@code cloudEvents_id}): JMS property
   * names must be Java identifiers.
   */
  static final String CE_JMS_PREFIX = "cloudEvents_";

  /**
   * The prefix of CloudEvents attributes in AMQP application properties ({@code cloudEvents:id}),
   * from the CloudEvents AMQP binding. Artemis gives a core message's properties to an AMQP reader
   * as application properties under the same names, and a core property name may hold a colon (only
   * the JMS API forbids it), so the binding writes both forms.
   */
  static final String CE_AMQP_PREFIX = "cloudEvents:";

  /**
   * The core property Artemis turns into the AMQP {@code content-type} when it gives a message to
   * an AMQP reader (and fills from it for a message an AMQP client sent): where the CloudEvents
   * AMQP binding carries {@code datacontenttype}.
   */
  static final String AMQP_CONTENT_TYPE = "JMS_AMQP_ContentType";

  /** The JMS message-group property that pins a key to one consumer. */
  static final String GROUP_ID = "JMSXGroupID";

  private static final Set<String> KEYWORDS =
      Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE");

  private JmsNames() {}

  /** Header names seen so far, with their property names; bounded, as headers are open-ended. */
  private static final Map<String, SimpleString> PROPERTY_NAMES = new ConcurrentHashMap<>();

  private static final int MAX_CACHED_NAMES = 1024;

  /**
   * {@link #property(String)} as the Artemis client's name type, cached: the same few header names
   * are on every message, and escaping and converting them each time is measurable.
   *
   * @param name a header name
   * @return a valid, non-reserved property name, never {@code null}
   */
  static SimpleString propertyName(String name) {
    SimpleString cached = PROPERTY_NAMES.get(name);
    if (cached != null) {
      return cached;
    }
    SimpleString computed = SimpleString.of(property(name));
    if (PROPERTY_NAMES.size() < MAX_CACHED_NAMES) {
      PROPERTY_NAMES.putIfAbsent(name, computed);
    }
    return computed;
  }

  /** The AMQP forms of the CloudEvents attribute properties, made once per name. */
  private static final Map<String, SimpleString> AMQP_NAMES = new ConcurrentHashMap<>();

  /**
   * The AMQP application-property name of a CloudEvents attribute property.
   *
   * @param jmsName a name starting with {@link #CE_JMS_PREFIX}
   * @return {@code cloudEvents:<attribute>}, never {@code null}
   */
  static SimpleString amqpAttribute(String jmsName) {
    SimpleString cached = AMQP_NAMES.get(jmsName);
    if (cached != null) {
      return cached;
    }
    SimpleString computed =
        SimpleString.of(CE_AMQP_PREFIX + jmsName.substring(CE_JMS_PREFIX.length()));
    if (AMQP_NAMES.size() < MAX_CACHED_NAMES) {
      AMQP_NAMES.putIfAbsent(jmsName, computed);
    }
    return computed;
  }

  /**
   * The JMS property name carrying header {@code name}.
   *
   * @param name a header name
   * @return a valid, non-reserved JMS property name, never {@code null}
   */
  static String property(String name) {
    if (isSafe(name)) {
      return name;
    }
    StringBuilder sb = new StringBuilder(ESCAPED_PREFIX);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
        sb.append(c);
      } else {
        sb.append('$').append(String.format(Locale.ROOT, "%04x", (int) c));
      }
    }
    return sb.toString();
  }

  /**
   * The header name a JMS property carries, or {@code null} if it is not a header (JMS, Artemis or
   * binding-internal).
   *
   * @param property the JMS property name
   * @return the header name, or {@code null}
   */
  static @Nullable String header(String property) {
    if (property.startsWith("JMS")
        || property.startsWith("_AMQ")
        || property.startsWith(INTERNAL_PREFIX)
        || property.startsWith("__AMQ")) {
      return null;
    }
    if (!property.startsWith(ESCAPED_PREFIX)) {
      return property;
    }
    StringBuilder sb = new StringBuilder();
    String s = property.substring(ESCAPED_PREFIX.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int code = c == '$' && i + 4 < s.length() ? hex(s.substring(i + 1, i + 5)) : -1;
      if (code >= 0) {
        sb.append((char) code);
        i += 4;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static int hex(String digits) {
    try {
      return Integer.parseInt(digits, 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isSafe(String name) {
    if (name.isEmpty()
        || name.startsWith("JMS")
        || name.startsWith("_AMQ")
        || name.startsWith("__AMQ")) {
      return false;
    }
    if (KEYWORDS.contains(name.toUpperCase(Locale.ROOT))) {
      return false;
    }
    char first = name.charAt(0);
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The Artemis queue holding a topic subscription's copies: {@code <topic>:<subscription>}. A
   * colon cannot occur in a channel name, so this never collides with a queue channel or a
   * dead-letter queue, and subscriptions of the same name on two topics stay apart.
   *
   * @param topic the topic channel name
   * @param subscription the subscription name
   * @return the queue name, never {@code null}
   */
  static String subscriptionQueue(String topic, String subscription) {
    return topic + ":" + subscription;
  }

  /**
   * The fully qualified queue name {@code address::queue}, which lets a consumer read, and a
   * producer write, exactly one queue of a multicast address.
   *
   * @param address the address
   * @param queue the queue
   * @return the FQQN, never {@code null}
   */
  static String fqqn(String address, String queue) {
    return address + "::" + queue;
  }
}
