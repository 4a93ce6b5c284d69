package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ConfigurationException;
import io.hermod.spi.support.ConfigKey;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

  private static final Map<String, List<ConfigKey<?>>> BINDINGS =
      Map.of(
          "kafka",
          List.of(
              ConfigKey.required("bootstrap-servers", "set it", "servers"),
              ConfigKey.passThrough("producer.", "producer properties")),
          "inmemory",
          List.of());

  @Test
  void environmentVariablesMapToKeys() {
    assertThat(ConfigSources.keyOf("HERMOD_BINDING", BINDINGS)).isEqualTo("hermod.binding");
    assertThat(ConfigSources.keyOf("HERMOD_SEND_TIMEOUT", BINDINGS))
        .isEqualTo("hermod.send-timeout");
    assertThat(ConfigSources.keyOf("HERMOD_DEDUP_MAX_IDS", BINDINGS))
        .isEqualTo("hermod.dedup.max-ids");
    assertThat(ConfigSources.keyOf("HERMOD_CIRCUIT_BREAKER_WAIT_IN_OPEN", BINDINGS))
        .isEqualTo("hermod.circuit-breaker.wait-in-open");
    assertThat(ConfigSources.keyOf("HERMOD_KAFKA_BOOTSTRAP_SERVERS", BINDINGS))
        .isEqualTo("hermod.kafka.bootstrap-servers");
    // Under a declared pass-through prefix the rest keeps the client's dotted form.
    assertThat(ConfigSources.keyOf("HERMOD_KAFKA_PRODUCER_LINGER_MS", BINDINGS))
        .isEqualTo("hermod.kafka.producer.linger.ms");
    // Undeclared: mapped plainly, then reported as unknown with the closest declared key.
    assertThat(ConfigSources.keyOf("HERMOD_KAFKA_BOOTSTRAP_SERVER", BINDINGS))
        .isEqualTo("hermod.kafka.bootstrap-server");
    assertThat(ConfigSources.keyOf("HERMOD_SEND_TIMOUT", BINDINGS)).isEqualTo("hermod.send-timout");
    assertThat(ConfigSources.keyOf("PATH", BINDINGS)).isNull();
    assertThat(ConfigSources.keyOf("HERMOD_", BINDINGS)).isNull();
    // Not configuration: the config file name, and the build switch CI sets for test brokers.
    assertThat(ConfigSources.keyOf("HERMOD_CONFIG", BINDINGS)).isNull();
    assertThat(ConfigSources.keyOf("HERMOD_REQUIRE_BROKERS", BINDINGS)).isNull();
  }

  @Test
  void theClassPathFileIsReadFirst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("hermod.properties"), "hermod.send-timeout=1s\nhermod.request-timeout=9s\n");
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, null)) {
      Map<String, String> merged =
          ConfigSources.read(
              loader, Map.of("HERMOD_SEND_TIMEOUT", "2s"), new Properties(), BINDINGS);
      assertThat(merged)
          .containsEntry("hermod.send-timeout", "2s")
          .containsEntry("hermod.request-timeout", "9s");
    }
  }

  @Test
  void laterSourcesWin() {
    Properties system = new Properties();
    system.setProperty("hermod.send-timeout", "3s");
    system.setProperty("java.version", "17");
    Map<String, String> merged =
        ConfigSources.read(
            getClass().getClassLoader(),
            Map.of("HERMOD_SEND_TIMEOUT", "2s", "HERMOD_CONNECT_TIMEOUT", "1s"),
            system,
            BINDINGS);
    assertThat(merged)
        .containsEntry("hermod.send-timeout", "3s")
        .containsEntry("hermod.connect-timeout", "1s")
        .doesNotContainKey("java.version");
  }

  private static URLClassLoader classPath(Path dir) throws Exception {
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
  }

  private static LayeredConfig layered(
      ClassLoader loader, Map<String, String> env, Properties system) {
    LayeredConfig config = new LayeredConfig();
    ConfigSources.readInto(config, loader, env, system, BINDINGS);
    return config;
  }

  @Test
  void everySourceInIncreasingPrecedence(@TempDir Path dir) throws Exception {
    Path cp = Files.createDirectory(dir.resolve("cp"));
    Files.writeString(
        cp.resolve("hermod.properties"),
        "hermod.send-timeout=1s\nhermod.connect-timeout=1s\nhermod.request-timeout=1s\n"
            + "hermod.dedup.max-ids=1\nhermod.binding=kafka\n");
    Path file =
        Files.writeString(
            dir.resolve("app.properties"),
            "hermod.connect-timeout=2s\nhermod.request-timeout=2s\nhermod.dedup.max-ids=2\n");
    Properties system = new Properties();
    system.setProperty("hermod.dedup.max-ids", "4");
    try (URLClassLoader loader = classPath(cp)) {
      LayeredConfig config =
          layered(
              loader,
              Map.of(
                  "HERMOD_CONFIG", file.toString(),
                  "HERMOD_REQUEST_TIMEOUT", "3s",
                  "HERMOD_DEDUP_MAX_IDS", "3"),
              system);
      assertThat(config.values())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "hermod.binding", "kafka",
                  "hermod.send-timeout", "1s",
                  "hermod.connect-timeout", "2s",
                  "hermod.request-timeout", "3s",
                  "hermod.dedup.max-ids", "4"));
      assertThat(config.origin("hermod.send-timeout"))
          .isEqualTo("hermod.properties on the class path");
      assertThat(config.origin("hermod.connect-timeout"))
          .isEqualTo("file " + file + " (named by environment variable HERMOD_CONFIG)");
      assertThat(config.origin("hermod.request-timeout"))
          .isEqualTo("environment variable HERMOD_REQUEST_TIMEOUT");
      assertThat(config.origin("hermod.dedup.max-ids"))
          .isEqualTo("system property hermod.dedup.max-ids");
    }
  }

  @Test
  void theBuilderLayersItsOwnPropertiesOnTop() {
    Properties system = new Properties();
    system.setProperty("hermod.send-timeout", "3s");
    LayeredConfig config = layered(getClass().getClassLoader(), Map.of(), system);
    config.put("hermod.send-timeout", "9s", null);
    assertThat(config.values()).containsEntry("hermod.send-timeout", "9s");
    assertThat(config.origin("hermod.send-timeout")).isNull();
  }

  @Test
  void yamlMayBeNestedOrFlat(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("hermod.yaml"),
        """
        hermod:
          binding: kafka
          kafka:
            bootstrap-servers: [a:9092, b:9092]
          channels:
            orders:
              kind: queue
              max-delivery-attempts: 3
        hermod.send-timeout: 5s
        """);
    try (URLClassLoader loader = classPath(dir)) {
      LayeredConfig config = layered(loader, Map.of(), new Properties());
      assertThat(config.values())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "hermod.binding", "kafka",
                  "hermod.kafka.bootstrap-servers", "a:9092,b:9092",
                  "hermod.channels.orders.kind", "queue",
                  "hermod.channels.orders.max-delivery-attempts", "3",
                  "hermod.send-timeout", "5s"));
      assertThat(config.origin("hermod.binding")).isEqualTo("hermod.yaml on the class path");
    }
  }

  @Test
  void aYamlFileNamedBySystemPropertyWinsOverTheEnvironmentVariable(@TempDir Path dir)
      throws Exception {
    Path yaml = Files.writeString(dir.resolve("a.yml"), "hermod.send-timeout: 7s\n");
    Path props = Files.writeString(dir.resolve("b.properties"), "hermod.send-timeout=8s\n");
    Properties system = new Properties();
    system.setProperty("hermod.config", yaml.toString());
    LayeredConfig config =
        layered(getClass().getClassLoader(), Map.of("HERMOD_CONFIG", props.toString()), system);
    assertThat(config.values()).containsExactly(Map.entry("hermod.send-timeout", "7s"));
  }

  @Test
  void aMissingConfigFileSaysWhichVariableNamedIt() {
    assertThatThrownBy(
            () ->
                layered(
                    getClass().getClassLoader(),
                    Map.of("HERMOD_CONFIG", "/nowhere/hermod.yaml"),
                    new Properties()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "invalid configuration of HERMOD_CONFIG: environment variable HERMOD_CONFIG is"
                + " '/nowhere/hermod.yaml', but no such file exists; set it to the path of a"
                + " .properties or .yaml file, or unset it");
  }

  @Test
  void bothClassPathFilesAreAmbiguous(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("hermod.yaml"), "hermod.binding: kafka\n");
    Files.writeString(dir.resolve("hermod.properties"), "hermod.binding=kafka\n");
    try (URLClassLoader loader = classPath(dir)) {
      assertThatThrownBy(() -> layered(loader, Map.of(), new Properties()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageEndingWith(
              " are on the class path; keep only one of hermod.properties and hermod.yaml");
    }
  }

  @Test
  void aBrokenYamlFileNamesThePlaceButNotTheContent(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("bad.yaml"), "hermod:\n  password: [hunter2\n");
    Properties system = new Properties();
    system.setProperty("hermod.config", yaml.toString());
    assertThatThrownBy(() -> layered(getClass().getClassLoader(), Map.of(), system))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("as YAML at line ")
        .hasMessageEndingWith(
            "; fix the syntax (keys such as 'hermod.send-timeout: 5s' or nested maps)")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void everyHermodSystemPropertyButTheFileNameIsConfiguration() {
    Properties system = new Properties();
    system.setProperty("hermod.send-timeout", "3s");
    system.setProperty("io.hermod.tck.report", "target/tck-report.jsonl");
    assertThat(layered(getClass().getClassLoader(), Map.of(), system).values())
        .containsExactly(Map.entry("hermod.send-timeout", "3s"));
  }

  @Test
  void channelVariablesMapToChannelKeys() {
    assertThat(ConfigSources.keyOf("HERMOD_CHANNELS_ORDERS_KIND", BINDINGS))
        .isEqualTo("hermod.channels.orders.kind");
    assertThat(ConfigSources.keyOf("HERMOD_CHANNELS_ORDER_EVENTS_BACKOFF_INITIAL", BINDINGS))
        .isEqualTo("hermod.channels.order-events.backoff.initial");
    assertThat(ConfigSources.keyOf("HERMOD_CHANNELS_ORDERS_MAX_DELIVERY_ATTEMPTS", BINDINGS))
        .isEqualTo("hermod.channels.orders.max-delivery-attempts");
    assertThat(ConfigSources.keyOf("HERMOD_CONFIG", BINDINGS)).isNull();
  }

  @Test
  void problemsWithExternalKeysSayWhereTheyWereSet() {
    LayeredConfig config =
        layered(
            getClass().getClassLoader(),
            Map.of("HERMOD_BINDING", "kafka", "HERMOD_KAFKA_HOST", "h", "HERMOD_SEND_TIMOUT", "5s"),
            new Properties());
    BindingDiscovery kafka = new BindingDiscovery(List.of(new TestBindings.Kafka()));
    assertThatThrownBy(() -> Bootstrap.start(config, kafka, List.of(), List.of(), List.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "invalid configuration of Hermod: unknown key hermod.send-timout; did you mean"
                + " hermod.send-timeout? (set by environment variable HERMOD_SEND_TIMOUT)");
    LayeredConfig binding =
        layered(
            getClass().getClassLoader(),
            Map.of("HERMOD_BINDING", "kafka", "HERMOD_KAFKA_HOST", "h", "HERMOD_KAFKA_PORT", "x"),
            new Properties());
    assertThatThrownBy(() -> Bootstrap.start(binding, kafka, List.of(), List.of(), List.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "invalid configuration of binding 'kafka': hermod.kafka.port must be a whole number,"
                + " was 'x' (set by environment variable HERMOD_KAFKA_PORT)");
  }

  @Test
  void anEmptyValueFromAnySourceIsAnErrorSayingWhereItWasSet(@TempDir Path dir) throws Exception {
    Path cp = Files.createDirectory(dir.resolve("cp"));
    Files.writeString(
        cp.resolve("hermod.properties"), "hermod.binding=kafka\nhermod.send-timeout=\n");
    Path yaml =
        Files.writeString(
            dir.resolve("app.yaml"),
            "hermod:\n  connect-timeout:\n  request-timeout: ''\n  kafka:\n    host: h\n");
    Properties system = new Properties();
    system.setProperty("hermod.dedup.max-ids", "");
    BindingDiscovery kafka = new BindingDiscovery(List.of(new TestBindings.Kafka()));
    String fix = " is empty; remove the line to use the default, or give a value (set by ";
    try (URLClassLoader loader = classPath(cp)) {
      LayeredConfig config =
          layered(
              loader,
              Map.of("HERMOD_CONFIG", yaml.toString(), "HERMOD_CIRCUIT_BREAKER_WAIT_IN_OPEN", ""),
              system);
      ConfigurationException e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              ConfigurationException.class,
              () -> Bootstrap.start(config, kafka, List.of(), List.of(), List.of()));
      assertThat(e.problems())
          .containsExactly(
              "hermod.send-timeout" + fix + "hermod.properties on the class path)",
              "hermod.connect-timeout"
                  + fix
                  + "file "
                  + yaml
                  + " (named by environment variable HERMOD_CONFIG))",
              "hermod.request-timeout"
                  + fix
                  + "file "
                  + yaml
                  + " (named by environment variable HERMOD_CONFIG))",
              "hermod.dedup.max-ids" + fix + "system property hermod.dedup.max-ids)",
              "hermod.circuit-breaker.wait-in-open"
                  + fix
                  + "environment variable HERMOD_CIRCUIT_BREAKER_WAIT_IN_OPEN)");
    }
  }

  @Test
  void aDuplicateYamlKeyNamesKeyFileLineAndColumn(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("hermod.yaml"),
        "hermod:\n  binding: kafka\n  send-timeout: 1s\n  kafka:\n    host: a\n    host: b\n");
    try (URLClassLoader loader = classPath(dir)) {
      URL url = loader.getResource("hermod.yaml");
      assertThatThrownBy(() -> layered(loader, Map.of(), new Properties()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "invalid configuration of hermod.yaml: "
                  + url
                  + " gives hermod.kafka.host twice, the second time at line 6, column 5; keep"
                  + " one of them");
    }
    Path flat =
        Files.writeString(
            dir.resolve("flat.yaml"), "hermod.send-timeout: 1s\nhermod.send-timeout: 2s\n");
    Properties system = new Properties();
    system.setProperty("hermod.config", flat.toString());
    assertThatThrownBy(() -> layered(getClass().getClassLoader(), Map.of(), system))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "invalid configuration of "
                + flat
                + ": "
                + flat.toUri().toURL()
                + " gives hermod.send-timeout twice, the second time at line 2, column 1; keep one"
                + " of them");
  }

  @Test
  void aYamlKeyGivenBothDottedAndNestedIsADuplicate(@TempDir Path dir) throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("both.yaml"), "hermod.send-timeout: 1s\nhermod:\n  send-timeout: 2s\n");
    Properties system = new Properties();
    system.setProperty("hermod.config", yaml.toString());
    assertThatThrownBy(() -> layered(getClass().getClassLoader(), Map.of(), system))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "invalid configuration of "
                + yaml
                + ": "
                + yaml.toUri().toURL()
                + " gives hermod.send-timeout twice (as a dotted key and in nested maps); keep one"
                + " of them");
  }

  @Test
  void aBadUnicodeEscapeInAPropertiesFileNamesFileLineAndColumn(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("hermod.properties"),
        "# a comment may hold \\uZZZZ: comments are not decoded\n"
            + "hermod.binding=kafka\n"
            + "hermod.kafka.host=caf\\u00e9\n"
            + "hermod.kafka.password=se\\\n"
            + "    cret\\u12G4\n");
    try (URLClassLoader loader = classPath(dir)) {
      URL url = loader.getResource("hermod.properties");
      assertThatThrownBy(() -> layered(loader, Map.of(), new Properties()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "invalid configuration of hermod.properties: cannot read "
                  + url
                  + ": malformed \\uXXXX escape at line 5, column 9; write four hex digits after"
                  + " \\u (e.g. \\u00e9), or \\\\ for a backslash")
          .message()
          .doesNotContain("cret");
    }
  }
}
