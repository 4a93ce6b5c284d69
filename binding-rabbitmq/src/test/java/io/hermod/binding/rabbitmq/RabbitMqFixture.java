package io.hermod.binding.rabbitmq;

import io.hermod.binding.rabbitmq.internal.RabbitMqBindingProvider;
import io.hermod.tck.BrokerFixture;
import io.hermod.tck.PlainClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The RabbitMQ binding's TCK fixture: a private node ({@link RabbitMqNode}) from the machine's
 * {@code rabbitmq-server}, with a user of its own created with {@code rabbitmqctl} (and {@code
 * guest} deleted), and a TLS listener with a certificate made by {@code openssl} for 127.0.0.1. One
 * node per JVM, shared by every test class ({@link #shared()}); {@link #stopBroker()} kills it with
 * SIGKILL and {@link #startBroker()} starts it again on the same data.
 *
 * <p>Where RabbitMQ is not installed, starting the fixture skips the tests (a JUnit assumption)
 * naming the install command, unless {@code HERMOD_REQUIRE_BROKERS=true}: then it fails.
 */
public final class RabbitMqFixture implements BrokerFixture {

  /** The user the fixture creates. */
  public static final String USER = "hermod";

  /** The user's password. */
  public static final String PASSWORD = "hermod-secret-pw";

  private static final String STORE_PASSWORD = "changeit";

  private static final RabbitMqFixture SHARED = new RabbitMqFixture();

  private RabbitMqNode node;
  private Path trustStore;

  private RabbitMqFixture() {}

  /**
   * Whether this machine can run the fixture's node (for callers outside JUnit, such as the bench,
   * which would otherwise get JUnit's assumption failure from {@link #start()}).
   *
   * @return {@code true} if RabbitMQ's scripts are installed
   */
  public static boolean installed() {
    return RabbitMqNode.installed();
  }

  /**
   * The JVM's one fixture, not necessarily started (the kit starts it).
   *
   * @return the fixture
   */
  public static RabbitMqFixture instance() {
    return SHARED;
  }

  /**
   * The JVM's one fixture, started.
   *
   * @return the fixture
   */
  public static synchronized RabbitMqFixture shared() throws Exception {
    SHARED.start();
    return SHARED;
  }

  @Override
  public String bindingName() {
    return RabbitMqBindingProvider.NAME;
  }

  @Override
  public synchronized void start() throws Exception {
    if (node != null) {
      return;
    }
    if (!RabbitMqNode.installed()) {
      String reason =
          "RabbitMQ is not installed (no "
              + RabbitMqNode.SCRIPTS.resolve("rabbitmq-server")
              + "): install it with 'apt-get install rabbitmq-server' to run the RabbitMQ tests";
      if ("true".equalsIgnoreCase(System.getenv("HERMOD_REQUIRE_BROKERS"))) {
        throw new IllegalStateException(reason + " (HERMOD_REQUIRE_BROKERS=true)");
      }
      Assumptions.abort(reason);
    }
    removeDeadNodes(Path.of("target").toAbsolutePath());
    Path dir = Path.of("target", "rabbitmq-" + ProcessHandle.current().pid()).toAbsolutePath();
    Files.createDirectories(dir);
    Optional<Path> tls = certificates(dir.resolve("tls"));
    RabbitMqNode n = new RabbitMqNode(dir, tls);
    n.start();
    Duration t = Duration.ofSeconds(30);
    n.ctl(t, "add_user", USER, PASSWORD);
    n.ctl(t, "set_permissions", "-p", "/", USER, ".*", ".*", ".*");
    n.ctl(t, "delete_user", "guest");
    node = n;
  }

  /**
   * Deletes the folders of nodes of earlier test JVMs that are gone (each JVM's node lives in
   * {@code target/rabbitmq-<pid>}); a folder of a JVM still running is left alone.
   */
  private static void removeDeadNodes(Path target) throws IOException {
    if (!Files.isDirectory(target)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(target)) {
      for (Path d :
          dirs.filter(p -> p.getFileName().toString().matches("rabbitmq-\\d+")).toList()) {
        long pid = Long.parseLong(d.getFileName().toString().substring("rabbitmq-".length()));
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        killOrphan(d);
        try (Stream<Path> all = Files.walk(d)) {
          for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }

  /**
   * Kills the node of a test JVM that died without running its shutdown hook (SIGKILL): the beam
   * process named in the folder's pid file, if it still runs from that folder.
   */
  private static void killOrphan(Path nodeDir) {
    Path pidFile = nodeDir.resolve("node.pid");
    try {
      if (!Files.exists(pidFile)) {
        return;
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      String folder = nodeDir.toString();
      ProcessHandle.of(pid)
          .filter(
              h ->
                  h.info()
                      .arguments()
                      .map(args -> String.join(" ", args).contains(folder))
                      .orElse(false))
          .ifPresent(
              h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
                h.onExit().join();
              });
    } catch (IOException | NumberFormatException e) {
      // Nothing to kill.
    }
  }

  /** A self-signed certificate for 127.0.0.1 and localhost, and a trust store holding it. */
  private Optional<Path> certificates(Path tls) throws IOException, InterruptedException {
    Files.createDirectories(tls);
    boolean made =
        run(
                List.of(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    tls.resolve("key.pem").toString(),
                    "-out",
                    tls.resolve("cert.pem").toString(),
                    "-days",
                    "2",
                    "-subj",
                    "/CN=localhost",
                    "-addext",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1"))
            && run(
                List.of(
                    "keytool",
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "rabbitmq",
                    "-file",
                    tls.resolve("cert.pem").toString(),
                    "-keystore",
                    tls.resolve("trust.p12").toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    STORE_PASSWORD));
    if (!made) {
      return Optional.empty();
    }
    // The node runs as this user but reads the key itself: keep it readable.
    trustStore = tls.resolve("trust.p12");
    return Optional.of(tls);
  }

  private static boolean run(List<String> cmd) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      return false; // the tool is not installed: no TLS
    }
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  /** The node lives as long as the JVM: every test class shares it; a shutdown hook kills it. */
  @Override
  public void stop() {}

  @Override
  public boolean canRestart() {
    return true;
  }

  @Override
  public synchronized void stopBroker() {
    node.kill();
  }

  @Override
  public synchronized void startBroker() throws Exception {
    node.start();
  }

  /**
   * The node's AMQP port on 127.0.0.1.
   *
   * @return the port
   */
  public int port() {
    return node.amqpPort();
  }

  @Override
  public Map<String, String> config() {
    return config("amqp://127.0.0.1:" + node.amqpPort(), PASSWORD);
  }

  private static Map<String, String> config(String uri, String password) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("hermod.binding", RabbitMqBindingProvider.NAME);
    c.put("hermod.rabbitmq.uri", uri);
    c.put("hermod.rabbitmq.username", USER);
    c.put("hermod.rabbitmq.password", password);
    c.put("hermod.rabbitmq.recovery-interval", "250ms");
    return c;
  }

  @Override
  public Optional<Map<String, String>> compactWireOverrides() {
    return Optional.of(Map.of("hermod.rabbitmq.wire-format", "compact"));
  }

  @Override
  public Optional<String> addressKey() {
    return Optional.of("hermod.rabbitmq.uri");
  }

  @Override
  public Optional<Map<String, String>> unreachableConfig() {
    try {
      return Optional.of(config("amqp://127.0.0.1:" + RabbitMqNode.freePort(), PASSWORD));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Map<String, String>> tlsConfig() {
    if (trustStore == null) {
      return Optional.empty();
    }
    Map<String, String> c = config("amqps://127.0.0.1:" + node.tlsPort(), PASSWORD);
    c.put("hermod.rabbitmq.tls.trust-store", trustStore.toString());
    c.put("hermod.rabbitmq.tls.trust-store-password", STORE_PASSWORD);
    return Optional.of(c);
  }

  @Override
  public Optional<Map<String, String>> wrongCredentialsConfig() {
    return Optional.of(config("amqp://127.0.0.1:" + node.amqpPort(), "not-the-password"));
  }

  @Override
  public Optional<PlainClient> plainClient() {
    try {
      return Optional.of(new RabbitMqPlainClient(node.amqpPort(), USER, PASSWORD));
    } catch (Exception e) {
      throw new IllegalStateException("cannot connect a plain AMQP client to the node", e);
    }
  }
}
