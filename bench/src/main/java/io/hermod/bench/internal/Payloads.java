package io.hermod.bench.internal;

import java.nio.ByteBuffer;

/** 1 KiB payloads that carry their intended send time in the first eight bytes. Stateless. */
final class Payloads {

  static final int SIZE = 1024;

  private Payloads() {}

  static byte[] stamped(long nanos) {
    byte[] p = new byte[SIZE];
    ByteBuffer.wrap(p).putLong(0, nanos);
    return p;
  }

  static long stamp(byte[] payload) {
    return ByteBuffer.wrap(payload).getLong(0);
  }

  static String key(long seq) {
    // Sixteen ordering keys: enough parallelism for every broker, real per-key order.
    return "k" + (seq & 15);
  }
}
