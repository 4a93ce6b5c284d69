package io.hermod.jdbc.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message's headers as one text column: each name and value as its length, a colon and the
 * characters. Length-prefixed rather than JSON so that any character survives without escaping
 * rules and the module needs no JSON library of its own; the order of the headers is kept.
 */
final class HeaderText {

  private HeaderText() {}

  static String encode(Map<String, String> headers) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      append(sb, e.getKey());
      append(sb, e.getValue());
    }
    return sb.toString();
  }

  static Map<String, String> decode(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    int[] pos = {0};
    while (pos[0] < text.length()) {
      String name = next(text, pos);
      out.put(name, next(text, pos));
    }
    return out;
  }

  private static void append(StringBuilder sb, String s) {
    sb.append(s.length()).append(':').append(s);
  }

  private static String next(String text, int[] pos) {
    int colon = text.indexOf(':', pos[0]);
    if (colon < 0) {
      throw new IllegalArgumentException("outbox headers column is corrupt at " + pos[0]);
    }
    int length = Integer.parseInt(text.substring(pos[0], colon));
    String s = text.substring(colon + 1, colon + 1 + length);
    pos[0] = colon + 1 + length;
    return s;
  }
}
