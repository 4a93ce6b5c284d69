package io.hermod.core.internal;

import io.hermod.spi.PayloadCodec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The built-in codec of {@code String} payloads as UTF-8. Decoding rejects malformed UTF-8 rather
 * than silently replacing characters. Thread-safe.
 */
final class StringCodec implements PayloadCodec {

  @Override
  public String contentType() {
    return "text/plain; charset=utf-8";
  }

  @Override
  public boolean supports(Class<?> type) {
    return type == String.class;
  }

  @Override
  public byte[] encode(Object payload) {
    return ((String) payload).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <T> T decode(byte[] bytes, Class<T> type) throws CharacterCodingException {
    String s =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
    return type.cast(s);
  }
}
