package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.Message;
import io.hermod.spi.PayloadCodec;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CodecsTest {

  record Order(String id, int quantity, Instant placed) {}

  record Other(String name) {}

  private final Codecs codecs = Codecs.create(List.of(), false);

  @Test
  void bytesAndStringsHaveTheirOwnCodecs() throws Exception {
    PayloadCodec bytes = codecs.forType(byte[].class);
    assertThat(bytes.contentType()).isEqualTo("application/octet-stream");
    assertThat(bytes.decode(bytes.encode(new byte[] {1, 2}), byte[].class)).containsExactly(1, 2);
    PayloadCodec strings = codecs.forType(String.class);
    assertThat(strings.contentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(strings.encode("grüß")).isEqualTo("grüß".getBytes(StandardCharsets.UTF_8));
    assertThat(strings.decode("grüß".getBytes(StandardCharsets.UTF_8), String.class))
        .isEqualTo("grüß");
    assertThatThrownBy(() -> strings.decode(new byte[] {(byte) 0xC3}, String.class))
        .isInstanceOf(java.nio.charset.CharacterCodingException.class);
  }

  @Test
  void otherTypesAreJsonAndTheWrongShapeFails() throws Exception {
    PayloadCodec json = codecs.forType(Order.class);
    assertThat(json.contentType()).isEqualTo("application/json");
    Order o = new Order("a", 2, Instant.parse("2026-01-02T03:04:05Z"));
    byte[] bytes = json.encode(o);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":\"a\",\"quantity\":2,\"placed\":\"2026-01-02T03:04:05Z\"}");
    assertThat(json.decode(bytes, Order.class)).isEqualTo(o);
    assertThatThrownBy(() -> json.decode(bytes, Other.class)).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> json.decode("not json".getBytes(StandardCharsets.UTF_8), Order.class))
        .isInstanceOf(Exception.class);
  }

  @Test
  void userCodecsComeFirst() {
    PayloadCodec mine =
        new PayloadCodec() {
          @Override
          public String contentType() {
            return "text/x-mine";
          }

          @Override
          public boolean supports(Class<?> type) {
            return type == String.class;
          }

          @Override
          public byte[] encode(Object payload) {
            return new byte[0];
          }

          @Override
          public <T> T decode(byte[] bytes, Class<T> type) {
            return type.cast("");
          }
        };
    assertThat(Codecs.create(List.of(mine), false).forType(String.class)).isSameAs(mine);
  }

  @Test
  void bytesAndStringsWorkWithoutJacksonOnTheClassPath() throws Exception {
    URL[] urls = {
      location(Codecs.class),
      location(Message.class),
      location(PayloadCodec.class),
      location(LoggerFactory.class)
    };
    try (URLClassLoader isolated = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      assertThat(isolated.getResource("com/fasterxml/jackson/databind/ObjectMapper.class"))
          .isNull();
      Class<?> codecsClass = isolated.loadClass(Codecs.class.getName());
      Object chain =
          codecsClass.getMethod("create", List.class, boolean.class).invoke(null, List.of(), true);
      Method forType = codecsClass.getMethod("forType", Class.class);
      Object strings = forType.invoke(chain, String.class);
      Object bytes = forType.invoke(chain, byte[].class);
      Class<?> codecType = isolated.loadClass(PayloadCodec.class.getName());
      Method encode = codecType.getMethod("encode", Object.class);
      assertThat((byte[]) encode.invoke(strings, "hi")).containsExactly('h', 'i');
      assertThat((byte[]) encode.invoke(bytes, new byte[] {7})).containsExactly(7);
    }
  }

  private static URL location(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }
}
