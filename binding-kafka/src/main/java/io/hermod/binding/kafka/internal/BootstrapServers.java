package io.hermod.binding.kafka.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@code host:port[,host:port...]} list before kafka-clients sees it: kafka-clients
 * reports a bad entry only when a client is built, as a bare {@code KafkaException} naming its own
 * {@code bootstrap.servers}. Stateless.
 */
final class BootstrapServers {

  /** kafka-clients accepts a listener-style prefix such as {@code SASL_SSL://}; so do we. */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9_+.-]*://");

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+");

  private BootstrapServers() {}

  /**
   * The problems of a bootstrap list, one per bad entry, each naming the key, the entry and what is
   * wrong with it.
   *
   * @param key the full key, e.g. {@code hermod.kafka.bootstrap-servers}
   * @param value the value
   * @return the problems, empty when every entry is {@code host:port} with a port 1-65535
   */
  static List<String> problems(String key, String value) {
    List<String> problems = new ArrayList<>();
    String[] entries = value.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      String where = key + " entry " + (i + 1) + " of " + entries.length;
      String wrong = problem(entry);
      if (wrong != null) {
        problems.add(
            where
                + (entry.isEmpty() ? " is empty" : " '" + entry + "' " + wrong)
                + ": write each broker as host:port, separated by commas, e.g."
                + " broker-1:9092,broker-2:9092");
      }
    }
    return problems;
  }

  private static @Nullable String problem(String entry) {
    if (entry.isEmpty()) {
      return "is empty";
    }
    Matcher scheme = SCHEME.matcher(entry);
    String hostPort = scheme.find() ? entry.substring(scheme.end()) : entry;
    String host;
    String port;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        return "has an IPv6 address without its closing ']'";
      }
      host = hostPort.substring(1, close);
      String rest = hostPort.substring(close + 1);
      if (!rest.startsWith(":")) {
        return "has no port after the IPv6 address";
      }
      port = rest.substring(1);
      if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.%A-Za-z]+")) {
        return "has an invalid IPv6 address";
      }
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        return "has no port";
      }
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon + 1);
      if (host.contains(":")) {
        return "looks like an IPv6 address without brackets (write [::1]:9092)";
      }
      if (host.isEmpty()) {
        return "has no host before the port";
      }
      if (!HOST.matcher(host).matches()) {
        return "has a host with characters a host name cannot have (only letters, digits, '.', '-' and '_')";
      }
    }
    if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
      return "has a port that is not a number ("
          + (port.isEmpty() ? "none" : "'" + port + "'")
          + ")";
    }
    if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      return "has port " + port + ", outside 1-65535";
    }
    return null;
  }
}
