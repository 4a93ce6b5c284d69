package io.hermod.binding.sqs.internal;

/**
 * FIFO message group and deduplication ids: at most 128 printable ASCII characters. Ids and keys
 * that fit are used as they are (readable in the console); others are replaced by their SHA-256,
 * which keeps equal inputs equal. Stateless and thread-safe.
 */
final class SqsIds {

  private static final int MAX = 128;

  private SqsIds() {}

  /**
   * The SQS form of a Hermod id or key.
   *
   * @param value the message id or ordering key
   * @return a valid group or deduplication id, never {@code null}
   */
  static String of(String value) {
    if (value.isEmpty() || value.length() > MAX) {
      return QueueNames.fullHash(value);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return QueueNames.fullHash(value);
      }
    }
    return value;
  }
}
