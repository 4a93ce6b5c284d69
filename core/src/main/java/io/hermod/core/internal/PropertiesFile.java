package io.hermod.core.internal;

import io.hermod.api.ConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads the text of a {@code .properties} file, saying at which line and column a malformed {@code
 * \\uXXXX} escape is: {@link Properties#load} reports one without any position. Stateless.
 */
final class PropertiesFile {

  private PropertiesFile() {}

  /**
   * The keys and values of a properties file.
   *
   * @param text the file's content
   * @param url where it was read, for the message
   * @param subject the subject of the error
   * @return the keys and values, never {@code null}
   * @throws ConfigurationException naming the line and column of a malformed escape, never the
   *     content (it may be a secret)
   */
  static Map<String, String> parse(String text, String url, String subject) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IllegalArgumentException e) {
      // Thrown only for a malformed \\uXXXX escape.
      int[] at = malformedEscape(text);
      String where = at == null ? "" : " at line " + at[0] + ", column " + at[1];
      throw new ConfigurationException(
          subject,
          List.of(
              "cannot read "
                  + url
                  + ": malformed \\uXXXX escape"
                  + where
                  + "; write four hex digits after \\u (e.g. \\u00e9), or \\\\ for a backslash"));
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  /**
   * The 1-based line and column of the first malformed {@code \\u} escape, reading the text as
   * {@link Properties#load} does: comment and blank lines skipped, a line ending in an odd number
   * of backslashes continued on the next with its leading white space dropped (so an escape may
   * span two lines).
   *
   * @param text the file's content
   * @return {@code {line, column}}, or {@code null} if none is found
   */
  static int @Nullable [] malformedEscape(String text) {
    String[] lines = text.split("\r\n|\r|\n", -1);
    StringBuilder logical = new StringBuilder();
    List<int[]> positions = new ArrayList<>();
    boolean continued = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int start = 0;
      while (start < line.length() && isWhite(line.charAt(start))) {
        start++;
      }
      if (!continued) {
        logical.setLength(0);
        positions.clear();
        if (start == line.length() || line.charAt(start) == '#' || line.charAt(start) == '!') {
          continue;
        }
      }
      for (int j = start; j < line.length(); j++) {
        logical.append(line.charAt(j));
        positions.add(new int[] {i + 1, j + 1});
      }
      int trailing = 0;
      while (trailing < line.length() && line.charAt(line.length() - 1 - trailing) == '\\') {
        trailing++;
      }
      continued = trailing % 2 == 1;
      if (continued) {
        logical.setLength(logical.length() - 1);
        positions.remove(positions.size() - 1);
      } else {
        int bad = firstMalformed(logical);
        if (bad >= 0) {
          return positions.get(bad);
        }
      }
    }
    int bad = continued ? firstMalformed(logical) : -1;
    return bad >= 0 ? positions.get(bad) : null;
  }

  /** The index of the backslash of the first malformed escape in a logical line, or -1. */
  private static int firstMalformed(CharSequence line) {
    for (int k = 0; k < line.length(); k++) {
      if (line.charAt(k) != '\\') {
        continue;
      }
      if (k + 1 < line.length() && line.charAt(k + 1) == 'u') {
        if (k + 6 > line.length()) {
          return k;
        }
        for (int h = k + 2; h < k + 6; h++) {
          if (!isHex(line.charAt(h))) {
            return k;
          }
        }
        k += 5;
      } else {
        k++; // the escaped character, which may itself be a backslash
      }
    }
    return -1;
  }

  /** ASCII only, as {@link Properties} reads it (not {@link Character#digit}'s other digits). */
  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isWhite(char c) {
    return c == ' ' || c == '\t' || c == '\f';
  }
}
