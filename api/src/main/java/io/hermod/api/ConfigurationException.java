package io.hermod.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Invalid configuration, reported at start with every problem at once; each problem names the key,
 * the rule, the actual value and the fix.
 *
 * @since 0.1
 */
public class ConfigurationException extends MessagingException {

  private final List<String> problems;

  /**
   * Creates an exception for problems found in {@code subject} (a channel, subscription or
   * configuration source).
   *
   * @param subject what was being validated
   * @param problems every problem found, at least one
   */
  public ConfigurationException(String subject, List<String> problems) {
    this(null, null, subject, problems);
  }

  /**
   * Creates an exception for a binding or channel.
   *
   * @param binding the binding, or {@code null}
   * @param channel the channel, or {@code null}
   * @param subject what was being validated
   * @param problems every problem found, at least one
   */
  public ConfigurationException(
      @Nullable String binding, @Nullable String channel, String subject, List<String> problems) {
    super(binding, channel, render(subject, problems), null);
    this.problems = List.copyOf(problems);
  }

  private static String render(String subject, List<String> problems) {
    if (problems.size() == 1) {
      return "invalid configuration of " + subject + ": " + problems.get(0);
    }
    StringBuilder sb =
        new StringBuilder("invalid configuration of ")
            .append(subject)
            .append(": ")
            .append(problems.size())
            .append(" problems");
    for (String p : problems) {
      sb.append(System.lineSeparator()).append(" - ").append(p);
    }
    return sb.toString();
  }

  /**
   * Every problem found.
   *
   * @return the problems, never {@code null} or empty
   */
  public List<String> problems() {
    return problems;
  }
}
