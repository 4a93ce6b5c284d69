package io.hermod.tck;

/** Payloads of exact sizes for the limit and batch scenarios. Stateless, thread-safe. */
final class Payloads {

  private Payloads() {}

  /**
   * A payload of exactly {@code size} bytes in a recognisable pattern, so truncation or corruption
   * shows in a byte-for-byte comparison.
   *
   * @param size the length
   * @return a new array
   */
  static byte[] bytes(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    return b;
  }
}
