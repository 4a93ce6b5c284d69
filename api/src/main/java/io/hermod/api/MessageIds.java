package io.hermod.api;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates message ids: RFC 9562 version-7 UUIDs (millisecond time prefix, then random bits).
 *
 * <p>Why not {@link UUID#randomUUID()}: it draws from {@code SecureRandom}, which dominated the
 * cost of publishing on the in-memory binding. Message ids must be unique, not unpredictable, and a
 * time-ordered id also keeps broker-side dedup caches and logs in send order. Thread-safe.
 */
final class MessageIds {

  private MessageIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long millis = System.currentTimeMillis();
    long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
