package io.hermod.tck;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies what is written to {@code System.out} and {@code System.err} while it is open, still
 * passing it through, so a scenario can check what console logging (such as slf4j-simple) showed.
 * Loggers that cache the original streams or write elsewhere are not seen. Thread-safe; one capture
 * at a time.
 */
final class ConsoleCapture implements AutoCloseable {

  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private ConsoleCapture() {
    System.setOut(tee(originalOut));
    System.setErr(tee(originalErr));
  }

  /**
   * Starts capturing.
   *
   * @return the capture, to close when done
   */
  static ConsoleCapture start() {
    return new ConsoleCapture();
  }

  private PrintStream tee(PrintStream original) {
    OutputStream both =
        new OutputStream() {
          @Override
          public void write(int b) {
            original.write(b);
            synchronized (copy) {
              copy.write(b);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (copy) {
              copy.write(b, off, len);
            }
          }

          @Override
          public void flush() {
            original.flush();
          }
        };
    return new PrintStream(both, true, StandardCharsets.UTF_8);
  }

  /**
   * What was written so far.
   *
   * @return the text, never {@code null}
   */
  String text() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }

  /** Restores the original streams. */
  @Override
  public void close() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }
}
