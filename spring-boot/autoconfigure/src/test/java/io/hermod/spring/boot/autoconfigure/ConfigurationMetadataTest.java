package io.hermod.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hermod.core.ConfigurationReference;
import io.hermod.spi.support.ConfigKey;
import io.hermod.spi.support.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code META-INF/spring-configuration-metadata.json} is generated from Hermod's key declarations
 * (core, channels, confirmations and every binding), never edited by hand: this test fails when the
 * file is stale, and {@code -Dio.hermod.metadata=update} rewrites it.
 */
class ConfigurationMetadataTest {

  private static final Path FILE =
      Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");

  @Test
  void theMetadataFileIsGeneratedFromTheKeyDeclarations() throws Exception {
    String generated = generate();
    if ("update".equals(System.getProperty("io.hermod.metadata"))) {
      Files.writeString(FILE, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
        .as("stale: run with -Dio.hermod.metadata=update")
        .isEqualTo(generated);
  }

  @Test
  void everyBindingAndItsKeysAreDescribed() throws Exception {
    String generated = generate();
    assertThat(generated)
        .contains("\"hermod.binding\"")
        .contains("\"hermod.kafka.bootstrap-servers\"")
        .contains("\"hermod.artemis.url\"")
        .contains("\"hermod.channels\"")
        .contains("\"value\" : \"inmemory\"");
  }

  static String generate() throws Exception {
    List<ConfigurationReference.Key> keys = ConfigurationReference.keys();
    List<Map<String, Object>> properties = new ArrayList<>();
    List<Map<String, Object>> hints = new ArrayList<>();
    List<String> channelProperties = new ArrayList<>();
    for (ConfigurationReference.Key key : keys) {
      ConfigKey<?> k = key.declaration();
      if (key.name().contains(ConfigurationReference.CHANNEL_NAME)) {
        channelProperties.add(
            k.name()
                + " ("
                + k.typeText()
                + ", default "
                + k.defaultText()
                + "): "
                + k.description());
        continue;
      }
      Map<String, Object> p = new LinkedHashMap<>();
      boolean passThrough = k.type() == ConfigKey.Type.PASS_THROUGH;
      p.put("name", passThrough ? key.name().substring(0, key.name().length() - 1) : key.name());
      p.put("type", javaType(k.type()));
      p.put("description", description(key, k));
      k.defaultValue()
          .filter(v -> !passThrough && k.defaultText().equals(shown(v)))
          .ifPresent(v -> p.put("defaultValue", json(v)));
      properties.add(p);
      if (!k.choices().isEmpty()) {
        hints.add(hint(key.name(), k.choices()));
      }
    }
    Map<String, Object> channels = new LinkedHashMap<>();
    channels.put("name", "hermod.channels");
    channels.put("type", "java.util.Map<java.lang.String,java.lang.String>");
    channels.put(
        "description",
        "Channels declared in configuration, as hermod.channels.<name>.<property>: "
            + String.join("; ", channelProperties)
            + ".");
    properties.add(channels);
    List<String> bindings =
        keys.stream()
            .map(ConfigurationReference.Key::section)
            .filter(s -> s.startsWith("Binding "))
            .map(s -> s.substring("Binding ".length()))
            .distinct()
            .collect(Collectors.toList());
    hints.add(0, hint("hermod.binding", bindings));
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", "hermod");
    group.put(
        "description",
        "Hermod's own keys, the same as in a plain application (generated from its key"
            + " declarations).");
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("groups", List.of(group));
    root.put("properties", properties);
    root.put("hints", hints);
    return new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writerWithDefaultPrettyPrinter()
            .writeValueAsString(root)
        + "\n";
  }

  private static String description(ConfigurationReference.Key key, ConfigKey<?> k) {
    String text = k.description();
    if (!text.endsWith(".")) {
      text += ".";
    }
    String shown = k.defaultText();
    if (k.defaultValue().isEmpty() && !shown.equals("(none)")) {
      text += " Default: " + shown + ".";
    }
    return text + " (" + key.section() + ", " + k.typeText() + ")";
  }

  private static Map<String, Object> hint(String name, List<String> values) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("name", name);
    h.put("values", values.stream().map(v -> Map.of("value", v)).toList());
    return h;
  }

  private static String javaType(ConfigKey.Type type) {
    return switch (type) {
      case STRING, SECRET, CHOICE -> "java.lang.String";
      case INTEGER -> "java.lang.Integer";
      case DECIMAL -> "java.lang.Double";
      case BOOLEAN -> "java.lang.Boolean";
      case DURATION -> "java.time.Duration";
      case PASS_THROUGH -> "java.util.Map<java.lang.String,java.lang.String>";
    };
  }

  private static String shown(Object value) {
    return value instanceof Duration d ? Settings.formatDuration(d) : String.valueOf(value);
  }

  private static Object json(Object value) {
    return value instanceof Duration d ? Settings.formatDuration(d) : value;
  }
}
