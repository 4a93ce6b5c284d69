package io.hermod.core.internal;

import io.hermod.spi.PayloadCodec;

/** The built-in codec of raw {@code byte[]} payloads: the bytes pass through. Thread-safe. */
final class ByteArrayCodec implements PayloadCodec {

  @Override
  public String contentType() {
    return "application/octet-stream";
  }

  @Override
  public boolean supports(Class<?> type) {
    return type == byte[].class;
  }

  @Override
  public byte[] encode(Object payload) {
    return (byte[]) payload;
  }

  @Override
  public <T> T decode(byte[] bytes, Class<T> type) {
    return type.cast(bytes);
  }
}
