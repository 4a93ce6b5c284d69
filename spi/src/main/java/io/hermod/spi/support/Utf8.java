package io.hermod.spi.support;

/**
 * The UTF-8 size of text without encoding it: bindings size headers, attributes and cost meters on
 * every message, and {@code getBytes(UTF_8).length} would make an array only to measure it.
 * Stateless and thread-safe.
 *
 * @since 0.3
 */
public final class Utf8 {

  private Utf8() {}

  /**
   * How many bytes {@code s.getBytes(StandardCharsets.UTF_8)} has.
   *
   * @param s the text
   * @return the byte count
   */
  public static int length(String s) {
    int n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < len
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        // A surrogate pair is one code point of four bytes.
        n += 4;
        i++;
      } else {
        // Other chars, a lone surrogate included (encoded as '?', one byte, by String.getBytes).
        n += Character.isSurrogate(c) ? 1 : 3;
      }
    }
    return n;
  }
}
