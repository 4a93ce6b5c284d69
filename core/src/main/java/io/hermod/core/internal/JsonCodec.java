package io.hermod.core.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hermod.spi.PayloadCodec;

/**
 * The built-in JSON codec (Jackson) for every other payload type. Java time types are written as
 * ISO-8601 strings; unknown properties fail decoding so a payload of the wrong shape is rejected
 * (and dead-lettered) rather than half-read. Only loaded when a JSON payload type is used.
 * Thread-safe.
 */
final class JsonCodec implements PayloadCodec {

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public boolean supports(Class<?> type) {
    return true;
  }

  @Override
  public byte[] encode(Object payload) throws Exception {
    return mapper.writeValueAsBytes(payload);
  }

  @Override
  public <T> T decode(byte[] bytes, Class<T> type) throws Exception {
    T value = mapper.readValue(bytes, type);
    if (value == null) {
      throw new IllegalArgumentException("JSON 'null' is not a valid " + type.getName());
    }
    return value;
  }
}
