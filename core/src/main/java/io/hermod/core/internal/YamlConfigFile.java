package io.hermod.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hermod.api.ConfigurationException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads a YAML configuration file into dotted keys. The only class that touches the optional
 * jackson-dataformat-yaml: {@link ConfigSources} loads it only for a {@code .yaml} / {@code .yml}
 * file, after checking that the module is present. Stateless.
 */
final class YamlConfigFile {

  private YamlConfigFile() {}

  /**
   * YAML that rejects a key given twice in one map, which would otherwise silently take the last
   * value. Thread-safe once built.
   */
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  /**
   * Parses YAML text; errors name the place, never the content.
   *
   * @param text the file's text
   * @param url where it was read, for messages
   * @param subject what is configured, for the error headline
   * @return dotted keys and values, never {@code null}
   * @throws ConfigurationException if it is no YAML map or gives a key twice
   */
  static Map<String, String> parse(String text, URL url, String subject) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigurationException(subject, List.of(yamlProblem(e, url)));
    }
    return flatten(root, url, subject);
  }

  /** The place of a YAML syntax error, or the full key and place of a duplicate. */
  private static String yamlProblem(JsonProcessingException e, URL url) {
    JsonParser parser = e instanceof StreamReadException read ? read.getProcessor() : null;
    if (parser != null
        && e.getOriginalMessage() != null
        && e.getOriginalMessage().startsWith("Duplicate field")) {
      // The context already holds the repeated name; its parents hold the enclosing maps'.
      List<String> path = new ArrayList<>();
      for (JsonStreamContext c = parser.getParsingContext(); c != null; c = c.getParent()) {
        if (c.getCurrentName() != null) {
          path.add(0, c.getCurrentName());
        }
      }
      JsonLocation at = parser.currentTokenLocation();
      return url
          + " gives "
          + String.join(".", path)
          + " twice, the second time at line "
          + at.getLineNr()
          + ", column "
          + at.getColumnNr()
          + "; keep one of them";
    }
    JsonLocation at = e.getLocation();
    return "cannot parse "
        + url
        + " as YAML"
        + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
        + "; fix the syntax (keys such as 'hermod.send-timeout: 5s' or nested maps)";
  }

  /**
   * Nested maps become dotted keys, lists comma-separated values, null an empty value. A key
   * reached twice (dotted and nested, {@code hermod.a: 1} and {@code hermod: {a: 2}}) is a problem,
   * like a key repeated in one map.
   */
  static Map<String, String> flatten(@Nullable JsonNode root, URL url, String subject) {
    Map<String, String> out = new TreeMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return out;
    }
    if (!root.isObject()) {
      throw new ConfigurationException(
          subject,
          List.of("the YAML document must be a map of keys, e.g. 'hermod.binding: kafka'"));
    }
    Set<String> twice = new java.util.LinkedHashSet<>();
    flatten("", root, out, twice);
    if (!twice.isEmpty()) {
      throw new ConfigurationException(
          subject,
          twice.stream()
              .map(
                  k ->
                      url
                          + " gives "
                          + k
                          + " twice (as a dotted key and in nested maps); keep one of them")
              .toList());
    }
    return out;
  }

  private static void flatten(
      String prefix, JsonNode node, Map<String, String> out, Set<String> twice) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        flatten(
            prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, twice);
      }
      return;
    }
    String value;
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(n.isValueNode() ? n.asText() : n.toString()));
      value = String.join(",", items);
    } else {
      value = node.isNull() ? "" : node.asText();
    }
    if (out.put(prefix, value) != null) {
      twice.add(prefix);
    }
  }
}
