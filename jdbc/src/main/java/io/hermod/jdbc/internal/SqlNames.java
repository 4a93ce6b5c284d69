package io.hermod.jdbc.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the table names given in configuration. They are written into SQL text (a table name
 * cannot be a bind parameter), so only plain identifiers are accepted: letters, digits and
 * underscores, optionally qualified by a schema. Anything else — quotes, spaces, semicolons — is
 * refused, which is what keeps a configured name from becoming SQL injection.
 */
public final class SqlNames {

  /** PostgreSQL truncates identifiers longer than 63 bytes; a truncated name would clash. */
  private static final int MAX_LENGTH = 63;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private SqlNames() {}

  /**
   * The problem with a configured table name, if any.
   *
   * @param key the configuration key, named in the problem
   * @param name the configured name, {@code table} or {@code schema.table}
   * @param longestSuffix the longest suffix the module appends to it (for derived tables)
   * @return the problem, or empty when the name is valid
   */
  public static Optional<String> problem(String key, String name, String longestSuffix) {
    String[] parts = name.split("\\.", -1);
    boolean valid = parts.length <= 2;
    for (int i = 0; valid && i < parts.length; i++) {
      String limit = i == parts.length - 1 ? longestSuffix : "";
      valid =
          IDENTIFIER.matcher(parts[i]).matches()
              && parts[i].length() + limit.length() <= MAX_LENGTH;
    }
    if (valid) {
      return Optional.empty();
    }
    return Optional.of(
        key
            + " is '"
            + name
            + "', not a plain SQL identifier: use letters, digits and _ (not starting with a"
            + " digit, at most "
            + (MAX_LENGTH - longestSuffix.length())
            + " characters), optionally qualified by a schema, e.g. app.hermod_outbox");
  }
}
