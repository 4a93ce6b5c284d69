package io.hermod.binding.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hermod.spi.support.WireHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads CloudEvents structured content mode: a record whose {@code content-type} starts with {@code
 * application/cloudevents} carries the whole event in its value, in the JSON event format ({@code
 * application/cloudevents+json}). The event's attributes are turned into the headers the binary
 * mode would have had ({@code ce_<attribute>}, {@code datacontenttype} as {@code content-type}), so
 * {@link WireHeaders} maps both modes the same way, extensions included, and this class knows no
 * attribute but {@code data}, {@code data_base64} and {@code datacontenttype}.
 *
 * <p>Not read: the batch format ({@code application/cloudevents-batch+json}, which the Kafka
 * protocol binding does not define) and other event formats ({@code +avro}, {@code +protobuf}):
 * such records are delivered as they are, as the binding allows. Stateless and thread-safe.
 */
final class StructuredCloudEvents {

  private static final String JSON_FORMAT = "application/cloudevents+json";
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /**
   * The attributes of one event as binary-mode headers, and its data.
   *
   * @param headers {@code ce_*} headers and {@code content-type}, as the binary mode writes them
   * @param data the event's data bytes, empty when it has none
   */
  record Event(Map<String, String> headers, byte[] data) {}

  private StructuredCloudEvents() {}

  /**
   * Whether a record with this {@code content-type} is a structured-mode event this class reads.
   *
   * @param contentType the record's {@code content-type} header, or {@code null}
   * @return {@code true} for the JSON event format ({@code application/cloudevents+json}, any
   *     parameters, any case)
   */
  static boolean isJsonFormat(@Nullable String contentType) {
    return contentType != null && mediaType(contentType).equals(JSON_FORMAT);
  }

  /**
   * Reads a JSON-format event.
   *
   * @param value the record's value
   * @param wire the protocol's binary-mode mapping, whose header names the attributes get
   * @return the event
   * @throws IllegalArgumentException if the value is not a JSON-format CloudEvent
   */
  static Event read(byte[] value, WireHeaders wire) {
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] dataJson = null;
    String dataText = null;
    byte[] dataBase64 = null;
    String contentType = null;
    try (JsonParser p = JSON.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a structured-mode CloudEvent must be a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("data")) {
          if (t == JsonToken.VALUE_STRING) {
            dataText = p.getText();
          }
          dataJson = copy(p);
          continue;
        }
        if (t == JsonToken.VALUE_NULL) {
          continue; // a null attribute is an absent one
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          throw new IllegalArgumentException(
              "attribute '"
                  + name
                  + "' is a JSON "
                  + (t == JsonToken.START_OBJECT ? "object" : "array")
                  + "; CloudEvents attributes are strings, numbers or booleans");
        }
        String text = p.getText();
        switch (name) {
          case "data_base64" -> dataBase64 = Base64.getDecoder().decode(text);
          case "datacontenttype" -> contentType = text;
          default -> headers.put(wire.cePrefix() + name, text);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the record value is not valid JSON: " + e.getMessage(), e);
    }
    if (!headers.containsKey(wire.cePrefix() + "specversion")) {
      throw new IllegalArgumentException(
          "the JSON object has no 'specversion', so it is not a CloudEvent");
    }
    byte[] data;
    if (dataBase64 != null) {
      data = dataBase64;
    } else if (dataJson == null) {
      data = new byte[0];
    } else if (dataText != null && !isJson(contentType)) {
      // A string under a non-JSON content type is the data itself (text/plain, XML, ...).
      data = dataText.getBytes(StandardCharsets.UTF_8);
    } else {
      data = dataJson;
      if (contentType == null) {
        // The JSON format: data held as a JSON value without a datacontenttype is JSON.
        contentType = "application/json";
      }
    }
    if (contentType != null) {
      headers.put(wire.contentTypeHeader(), contentType);
    }
    return new Event(headers, data);
  }

  /** The JSON text of the value the parser is at. */
  private static byte[] copy(JsonParser p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toByteArray();
  }

  /**
   * The media type without parameters, lower case: {@code application/json; charset=utf-8} ->
   * {@code application/json}.
   */
  private static String mediaType(String contentType) {
    return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  /**
   * JSON media types: {@code application/json}, {@code text/json}, {@code *+json}; none means JSON.
   */
  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return true;
    }
    String type = mediaType(contentType);
    return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
  }
}
