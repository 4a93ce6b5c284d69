package io.hermod.spi;

/**
 * Turns payloads into bytes and back. Core ships codecs for {@code byte[]}, {@code String} and JSON
 * (Jackson); more can be registered with {@code Hermod.builder().codec(...)} or {@link
 * java.util.ServiceLoader}. Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface PayloadCodec {

  /**
   * The media type this codec writes, e.g. {@code application/json}.
   *
   * @return the content type, never {@code null}
   */
  String contentType();

  /**
   * Whether this codec can encode and decode {@code type}.
   *
   * @param type the payload type
   * @return {@code true} if supported
   */
  boolean supports(Class<?> type);

  /**
   * Encodes a payload.
   *
   * @param payload the payload
   * @return the bytes, never {@code null}
   * @throws Exception if it cannot be encoded; core reports a {@link
   *     io.hermod.api.SerializationException}
   */
  byte[] encode(Object payload) throws Exception;

  /**
   * Decodes a payload.
   *
   * @param bytes the bytes
   * @param type the expected type
   * @param <T> the expected type
   * @return the payload, never {@code null}
   * @throws Exception if the bytes are not a valid {@code type}; core dead-letters the message
   */
  <T> T decode(byte[] bytes, Class<T> type) throws Exception;
}
