package io.hermod.binding.sqs.internal;

import io.hermod.api.Message;
import io.hermod.spi.support.Utf8;
import io.hermod.spi.support.WireHeaders;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Hermod's wire format on SQS: the CloudEvents binary-mode headers ({@link WireHeaders#SQS}) as
 * message attributes, the payload as the message body.
 *
 * <p>SQS allows 10 attributes per message, names of {@code [A-Za-z0-9_.-]} and non-empty values of
 * XML characters. The CloudEvents core attributes go first, each as its own String attribute so
 * that any SQS client can read them; when a message has more than 10 headers, or headers SQS cannot
 * carry (empty values, unicode names, control characters), the rest are folded into one Binary
 * attribute {@value #FOLDED}, so no header is ever lost. A payload that is not XML-safe UTF-8 text
 * travels base64-encoded, flagged by {@value #BODY_ENCODING}. Stateless and thread-safe.
 */
final class SqsWire {

  /** The Binary attribute holding every header that is not its own attribute. */
  static final String FOLDED = "hermod.headers";

  /** Marks a body that is not the payload as text: {@code base64} or {@code empty}. */
  static final String BODY_ENCODING = "ce_hermodbodyencoding";

  static final int MAX_ATTRIBUTES = 10;

  private static final String BASE64 = "base64";
  private static final String EMPTY = "empty";

  /** SQS rejects an empty body; an empty payload is sent as this, flagged {@code empty}. */
  private static final String EMPTY_BODY = "-";

  /** Who gets a slot of their own first: the CloudEvents core, then Hermod's extensions. */
  private static final List<String> PRIORITY =
      List.of(
          "ce_specversion",
          "ce_id",
          "ce_source",
          "ce_type",
          "content-type",
          "ce_time",
          "ce_subject",
          BODY_ENCODING,
          "ce_hermodkey",
          "ce_hermodroutingkey",
          "ce_hermodcorrelationid",
          "ce_hermodreplyto",
          "ce_hermodexpiresat",
          "ce_hermoddeliverat");

  private SqsWire() {}

  /**
   * A message as SQS will carry it.
   *
   * @param body the message body
   * @param attributes the message attributes, at most 10
   * @param size the size SQS counts against its limit: body, attribute names, types and values
   */
  record Encoded(String body, Map<String, MessageAttributeValue> attributes, int size) {}

  /**
   * The size SQS counts for a received message, as {@link Encoded#size()} counts a sent one: body,
   * attribute names, data types and values.
   *
   * @param m the received message
   * @return the byte count
   */
  static int size(software.amazon.awssdk.services.sqs.model.Message m) {
    int size = m.body() == null ? 0 : Utf8.length(m.body());
    if (m.hasMessageAttributes()) {
      for (Map.Entry<String, MessageAttributeValue> a : m.messageAttributes().entrySet()) {
        MessageAttributeValue v = a.getValue();
        size += Utf8.length(a.getKey()) + (v.dataType() == null ? 0 : Utf8.length(v.dataType()));
        if (v.stringValue() != null) {
          size += Utf8.length(v.stringValue());
        } else if (v.binaryValue() != null) {
          size += v.binaryValue().asByteArrayUnsafe().length;
        }
      }
    }
    return size;
  }

  /**
   * Encodes a message.
   *
   * @param message the message with its raw payload
   * @return the body and attributes, never {@code null}
   */
  static Encoded encode(Message<byte[]> message) {
    Map<String, String> headers = WireHeaders.SQS.toHeaders(message);
    headers.remove(BODY_ENCODING);
    headers.remove(FOLDED);
    byte[] payload = message.payload();
    String body;
    if (payload.length == 0) {
      body = EMPTY_BODY;
      headers.put(BODY_ENCODING, EMPTY);
    } else {
      String text = safeText(payload);
      if (text != null) {
        body = text;
      } else {
        body = Base64.getEncoder().encodeToString(payload);
        headers.put(BODY_ENCODING, BASE64);
      }
    }

    List<String> order = new ArrayList<>();
    for (String name : PRIORITY) {
      if (headers.containsKey(name)) {
        order.add(name);
      }
    }
    for (String name : headers.keySet()) {
      if (!PRIORITY.contains(name)) {
        order.add(name);
      }
    }
    boolean allFit =
        order.size() <= MAX_ATTRIBUTES
            && order.stream().allMatch(n -> canBeAttribute(n, headers.get(n)));
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    Map<String, String> folded = new LinkedHashMap<>();
    int size = Utf8.length(body);
    for (String name : order) {
      String value = headers.get(name);
      if (allFit || (attributes.size() < MAX_ATTRIBUTES - 1 && canBeAttribute(name, value))) {
        attributes.put(
            name, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
        size += Utf8.length(name) + "String".length() + Utf8.length(value);
      } else {
        folded.put(name, value);
      }
    }
    if (!folded.isEmpty()) {
      byte[] bytes = fold(folded);
      attributes.put(
          FOLDED,
          MessageAttributeValue.builder()
              .dataType("Binary")
              .binaryValue(SdkBytes.fromByteArrayUnsafe(bytes))
              .build());
      size += FOLDED.length() + "Binary".length() + bytes.length;
    }
    return new Encoded(body, attributes, size);
  }

  /**
   * Decodes a received message.
   *
   * @param body the body
   * @param attributes the message attributes
   * @param sqsMessageId SQS's id, used when the message carries no CloudEvents id
   * @return the message with its raw payload, never {@code null}
   */
  static Message<byte[]> decode(
      String body, Map<String, MessageAttributeValue> attributes, String sqsMessageId) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
      MessageAttributeValue v = e.getValue();
      if (e.getKey().equals(FOLDED) && v.binaryValue() != null) {
        headers.putAll(unfold(v.binaryValue().asByteArray()));
      } else if (v.stringValue() != null) {
        headers.put(e.getKey(), v.stringValue());
      } else if (v.binaryValue() != null) {
        // A foreign binary attribute: keep it readable rather than drop it.
        headers.put(e.getKey(), Base64.getEncoder().encodeToString(v.binaryValue().asByteArray()));
      }
    }
    String encoding = headers.remove(BODY_ENCODING);
    byte[] payload;
    if (EMPTY.equals(encoding)) {
      payload = new byte[0];
    } else if (BASE64.equals(encoding)) {
      payload = Base64.getMimeDecoder().decode(body);
    } else {
      payload = body.getBytes(StandardCharsets.UTF_8);
    }
    return WireHeaders.SQS.fromHeaders(headers, payload, sqsMessageId);
  }

  /** Whether SQS accepts {@code name = value} as a String attribute. */
  static boolean canBeAttribute(String name, String value) {
    if (name.isEmpty() || name.length() > 256 || value.isEmpty() || name.equals(FOLDED)) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("aws.")
        || lower.startsWith("amazon.")
        || name.startsWith(".")
        || name.endsWith(".")
        || name.contains("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '.';
      if (!ok) {
        return false;
      }
    }
    return xmlSafe(value);
  }

  /**
   * The payload as text if it is valid UTF-8 of characters SQS keeps verbatim, else {@code null}.
   */
  private static String safeText(byte[] payload) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload))
              .toString();
      return xmlSafe(text) ? text : null;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Whether every character is one SQS accepts and returns unchanged. Carriage returns are
   * excluded: XML-based SQS protocols normalise line ends.
   */
  private static boolean xmlSafe(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      boolean ok =
          cp == 0x9
              || cp == 0xA
              || (cp >= 0x20 && cp <= 0xD7FF)
              || (cp >= 0xE000 && cp <= 0xFFFD)
              || (cp >= 0x10000 && cp <= 0x10FFFF);
      if (!ok) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  private static byte[] fold(Map<String, String> headers) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(headers.size());
      for (Map.Entry<String, String> e : headers.entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static Map<String, String> unfold(byte[] bytes) {
    Map<String, String> headers = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        headers.put(readString(in), readString(in));
      }
    } catch (IOException | RuntimeException e) {
      // A foreign or damaged attribute of the same name: keep what was readable.
      headers.put(FOLDED + ".error", "unreadable folded headers: " + e);
    }
    return headers;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0 || len > in.available()) {
      throw new IOException("bad length " + len);
    }
    return new String(in.readNBytes(len), StandardCharsets.UTF_8);
  }
}
