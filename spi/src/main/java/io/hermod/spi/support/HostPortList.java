package io.hermod.spi.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses a {@code host:port[,host:port...]} list of broker nodes (Kafka's {@code
 * bootstrap-servers}, RabbitMQ's {@code addresses}) before the broker client sees it, so that every
 * bad entry is reported at start with the key, the entry and the fix, rather than by the client as
 * an exception naming its own property. IPv6 addresses are written in brackets ({@code
 * [::1]:5672}). The list either requires a port in every entry or has a default port. Immutable and
 * thread-safe.
 *
 * @since 0.6
 */
public final class HostPortList {

  /**
   * One node of a list.
   *
   * @param host the host name or IP address, an IPv6 address without its brackets
   * @param port the port, 1-65535
   * @since 0.6
   */
  public record HostPort(String host, int port) {

    /** Validates. */
    public HostPort {
      Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is outside 1-65535");
      }
    }

    /** {@code host:port}, an IPv6 address in brackets. */
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * The entries of a list and its problems.
   *
   * @param entries the valid entries, in the order given
   * @param problems one per bad entry, each naming the key, the entry, what is wrong and the fix
   * @since 0.6
   */
  public record Parsed(List<HostPort> entries, List<String> problems) {

    /** Copies. */
    public Parsed {
      entries = List.copyOf(entries);
      problems = List.copyOf(problems);
    }
  }

  /** A listener-style prefix such as {@code SASL_SSL://}. */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9_+.-]*://");

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+");

  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.%A-Za-z]+");

  private final int defaultPort;
  private final int examplePort;
  private final boolean schemePrefixes;
  private final String fix;

  private HostPortList(int defaultPort, int examplePort, boolean schemePrefixes, String fix) {
    this.defaultPort = defaultPort;
    this.examplePort = examplePort;
    this.schemePrefixes = schemePrefixes;
    this.fix = Objects.requireNonNull(fix, "fix");
  }

  /**
   * A list whose every entry names its port, optionally after a listener-style prefix ({@code
   * SASL_SSL://broker:9093}, as kafka-clients accepts).
   *
   * @param examplePort the port shown in the hint for an unbracketed IPv6 address
   * @param fix what to write, appended to each problem, e.g. {@code "write each broker as
   *     host:port, separated by commas, e.g. broker-1:9092,broker-2:9092"}
   * @return the format, never {@code null}
   */
  public static HostPortList portRequired(int examplePort, String fix) {
    return new HostPortList(0, examplePort, true, fix);
  }

  /**
   * A list whose entries may leave out the port ({@code host} means {@code host:defaultPort}),
   * without prefixes.
   *
   * @param defaultPort the port of an entry without one
   * @param fix what to write, appended to each problem
   * @return the format, never {@code null}
   */
  public static HostPortList portOptional(int defaultPort, String fix) {
    if (defaultPort < 1 || defaultPort > 65535) {
      throw new IllegalArgumentException("default port " + defaultPort + " is outside 1-65535");
    }
    return new HostPortList(defaultPort, defaultPort, false, fix);
  }

  /**
   * Parses a list: entries separated by commas, blanks around them ignored.
   *
   * @param key the full key, named in every problem, e.g. {@code hermod.kafka.bootstrap-servers}
   * @param value the value
   * @return the valid entries and one problem per bad entry, never {@code null}
   */
  public Parsed parse(String key, String value) {
    List<HostPort> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String[] items = value.split(",", -1);
    for (int i = 0; i < items.length; i++) {
      String entry = items[i].trim();
      String where = key + " entry " + (i + 1) + " of " + items.length;
      List<HostPort> parsed = new ArrayList<>(1);
      String wrong = parseEntry(entry, parsed);
      if (wrong == null) {
        entries.addAll(parsed);
      } else {
        problems.add(
            where + (entry.isEmpty() ? " is empty" : " '" + entry + "' " + wrong) + ": " + fix);
      }
    }
    return new Parsed(entries, problems);
  }

  /** What is wrong with an entry, or {@code null} with the entry added to {@code into}. */
  private @Nullable String parseEntry(String entry, List<HostPort> into) {
    if (entry.isEmpty()) {
      return "is empty";
    }
    Matcher scheme = SCHEME.matcher(entry);
    String hostPort = entry;
    if (scheme.find()) {
      if (!schemePrefixes) {
        return "starts with '"
            + scheme.group()
            + "', which this list does not take (write host or host:port only)";
      }
      hostPort = entry.substring(scheme.end());
    }
    String host;
    String port;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        return "has an IPv6 address without its closing ']'";
      }
      host = hostPort.substring(1, close);
      String rest = hostPort.substring(close + 1);
      if (rest.isEmpty() && defaultPort > 0) {
        port = null;
      } else if (!rest.startsWith(":")) {
        return "has no port after the IPv6 address";
      } else {
        port = rest.substring(1);
      }
      if (host.isEmpty() || !IPV6.matcher(host).matches()) {
        return "has an invalid IPv6 address";
      }
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0 && defaultPort == 0) {
        return "has no port";
      }
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      port = colon < 0 ? null : hostPort.substring(colon + 1);
      if (host.contains(":")) {
        return "looks like an IPv6 address without brackets (write [::1]:" + examplePort + ")";
      }
      if (host.isEmpty()) {
        return "has no host before the port";
      }
      if (!HOST.matcher(host).matches()) {
        return "has a host with characters a host name cannot have (only letters, digits, '.', '-'"
            + " and '_')";
      }
    }
    if (port == null) {
      into.add(new HostPort(host, defaultPort));
      return null;
    }
    if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
      return "has a port that is not a number ("
          + (port.isEmpty() ? "none" : "'" + port + "'")
          + ")";
    }
    if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      return "has port " + port + ", outside 1-65535";
    }
    into.add(new HostPort(host, Integer.parseInt(port)));
    return null;
  }

  @Override
  public String toString() {
    return "HostPortList["
        + (defaultPort == 0 ? "port required" : "default port " + defaultPort)
        + "]";
  }
}
