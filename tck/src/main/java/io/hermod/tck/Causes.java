package io.hermod.tck;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Renders exceptions the way a log line would, for the kit's secrecy checks. Stateless. */
final class Causes {

  private Causes() {}

  /**
   * Everything a log line of {@code t} would show: its stack trace with every cause and suppressed
   * exception, messages and {@code toString()} included.
   *
   * @param t a throwable
   * @return the rendered text, never {@code null}
   */
  static String render(Throwable t) {
    StringWriter out = new StringWriter();
    try (PrintWriter w = new PrintWriter(out)) {
      t.printStackTrace(w);
    }
    return out.toString();
  }
}
