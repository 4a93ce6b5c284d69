package io.hermod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorsTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"demo", "send", "tail", "tck"})
  void aMisspelledBindingExits2WithTheClosestName(String command) {
    Cli.Result r =
        switch (command) {
          case "send" -> Cli.run("send", "--binding", "kafak", "--channel", "c", "hello");
          case "tail" -> Cli.run("tail", "--binding", "kafak", "--channel", "c", "--count", "1");
          default -> Cli.run(command, "--binding", "kafak");
        };

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("hermod.binding")
        .contains("binding 'kafak' not found")
        .contains("did you mean 'kafka'?");
  }

  @Test
  void aMissingConfigFileExits2NamingIt() {
    Cli.Result r = Cli.run("demo", "--config", dir.resolve("nope.properties").toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("nope.properties").contains("does not exist");
  }

  @Test
  void aKeyThatIsNotAHermodSettingExits2NamingIt() throws IOException {
    Path config = Files.writeString(dir.resolve("c.properties"), "bootstrap.servers=x:9092\n");

    Cli.Result r = Cli.run("demo", "--config", config.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("bootstrap.servers").contains("keys start with 'hermod.'");
  }

  @Test
  void anUnknownBindingKeyExits2NamingIt() throws IOException {
    Path config =
        Files.writeString(dir.resolve("c.properties"), "hermod.inmemory.no-such-setting=1\n");

    Cli.Result r = Cli.run("demo", "--config", config.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("hermod.inmemory.no-such-setting");
  }

  @Test
  void sendWithoutABindingExits2WithTheFix() {
    Cli.Result r = Cli.run("send", "--channel", "c", "hello");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no binding chosen").contains("--binding");
  }

  @Test
  void aBadDurationIsAUsageError() {
    Cli.Result r = Cli.run("tail", "--binding", "inmemory", "--channel", "c", "--timeout", "soon");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("'soon' is not a duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "send", "tail", "tck"})
  void anUnreachableBrokerExits3(String command) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config =
        Files.writeString(
            dir.resolve("artemis.properties"), "hermod.artemis.url=tcp://127.0.0.1:" + port + "\n");

    String file = config.toString();
    Cli.Result r =
        switch (command) {
          case "send" ->
              Cli.run("send", "--binding", "artemis", "--config", file, "--channel", "c", "hello");
          case "tail" ->
              Cli.run(
                  "tail",
                  "--binding",
                  "artemis",
                  "--config",
                  file,
                  "--channel",
                  "c",
                  "--count",
                  "1");
          default -> Cli.run(command, "--binding", "artemis", "--config", file);
        };

    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("binding=artemis").contains("127.0.0.1:" + port);
  }

  @Test
  void theConnectTimeoutSetIsTheOneReported() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config =
        Files.writeString(
            dir.resolve("artemis.properties"), "hermod.artemis.url=tcp://127.0.0.1:" + port + "\n");

    Cli.Result r =
        Cli.run(
            "send",
            "--binding",
            "artemis",
            "--config",
            config.toString(),
            "--connect-timeout",
            "5s",
            "--channel",
            "c",
            "hello");

    // Before, the binding was not given --connect-timeout and reported its own default, PT10S.
    // Whichever gives up first reports the 5s as the user wrote it: the command names the option,
    // the Artemis binding the duration.
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).doesNotContain("10S").doesNotContain("PT5S").contains("within 5s");
  }
}
