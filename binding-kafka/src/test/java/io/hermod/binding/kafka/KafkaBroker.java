package io.hermod.binding.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, combined broker and controller) in a child JVM started from the test
 * class path: a plaintext listener and a SASL/PLAIN-over-TLS listener on 127.0.0.1 with random
 * ports, data in a temporary directory. It can be killed ({@code SIGKILL}) and started again on the
 * same data and ports. One per test JVM ({@link #shared()}), removed at exit.
 *
 * <p>Thread-safe (all methods synchronized).
 */
public final class KafkaBroker {

  /** The SASL user the fixture's broker accepts. */
  public static final String USER = "hermod";

  /** That user's password. */
  public static final String PASSWORD = "hermod-test-secret";

  /** The password of the generated key and trust stores. */
  public static final String STORE_PASSWORD = "changeit-test";

  private static final Duration START_DEADLINE = Duration.ofSeconds(180);

  /** Ports each node takes: plaintext, controller, SASL_SSL, and one reserved but never bound. */
  private static final int PORTS_PER_NODE = 4;

  private static KafkaBroker shared;

  private final Path home;
  private final Path logDir;
  private final Path properties;
  private final Path truststore;
  private final Path output;
  private final int plainPort;
  private final int controllerPort;
  private final int securePort;
  private final int unusedPort;
  private final String clusterId;
  private final int nodeId;
  private final String voters;
  private Process process;

  private KafkaBroker() throws IOException {
    this(1, freePorts(PORTS_PER_NODE), null, Uuid.randomUuid().toString());
  }

  /**
   * A broker of its own, or one node of a cluster.
   *
   * @param nodeId the KRaft node id
   * @param ports plaintext, controller, SASL_SSL and unused port ({@link #PORTS_PER_NODE})
   * @param voters the static controller quorum of a cluster ({@code id@host:port,...}), or {@code
   *     null} for a single broker that is its own quorum
   * @param clusterId the KRaft cluster id, the same for every node of a cluster
   */
  private KafkaBroker(int nodeId, int[] ports, String voters, String clusterId) throws IOException {
    this.nodeId = nodeId;
    this.voters = voters;
    this.clusterId = clusterId;
    home = Files.createTempDirectory("hermod-kafka-" + nodeId + "-");
    logDir = home.resolve("data");
    properties = home.resolve("server.properties");
    truststore = home.resolve("truststore.p12");
    output = home.resolve("broker.log");
    plainPort = ports[0];
    controllerPort = ports[1];
    securePort = ports[2];
    unusedPort = ports[3];
    Path keystore = home.resolve("keystore.p12");
    createStores(keystore);
    writeProperties(keystore);
  }

  /**
   * The nodes of a KRaft cluster, each broker and controller, in child JVMs started by {@link
   * #start()} ({@link #launch()} and {@link #awaitReady()} to start them together). Replicated
   * internal topics (factor {@code nodes}, min ISR {@code nodes - 1}); the caller removes them with
   * {@link #destroy()}.
   *
   * @param nodes how many
   * @return the nodes, not started
   * @throws IOException if their directories cannot be made
   */
  static List<KafkaBroker> cluster(int nodes) throws IOException {
    List<int[]> ports = new ArrayList<>();
    int[] all = freePorts(PORTS_PER_NODE * nodes);
    StringBuilder quorum = new StringBuilder();
    for (int i = 0; i < nodes; i++) {
      ports.add(Arrays.copyOfRange(all, i * PORTS_PER_NODE, (i + 1) * PORTS_PER_NODE));
      quorum.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(ports.get(i)[1]);
    }
    String id = Uuid.randomUuid().toString();
    List<KafkaBroker> brokers = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      brokers.add(new KafkaBroker(i + 1, ports.get(i), quorum.toString(), id));
    }
    return brokers;
  }

  /**
   * The KRaft node id.
   *
   * @return {@code 1} for the single broker
   */
  int nodeId() {
    return nodeId;
  }

  /**
   * Whether the broker's process is running.
   *
   * @return {@code true} between {@link #launch()} and {@link #kill()}
   */
  synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * The broker shared by every test class of this JVM, started on first use.
   *
   * @return the running broker
   * @throws Exception if it cannot start
   */
  public static synchronized KafkaBroker shared() throws Exception {
    if (shared == null) {
      KafkaBroker b = new KafkaBroker();
      Runtime.getRuntime().addShutdownHook(new Thread(b::destroy, "kafka-broker-cleanup"));
      shared = b;
    }
    shared.start();
    return shared;
  }

  /**
   * The plaintext bootstrap address.
   *
   * @return {@code 127.0.0.1:port}
   */
  public String bootstrapServers() {
    return "127.0.0.1:" + plainPort;
  }

  /**
   * An address where nothing listens: a port reserved like the broker's but never bound.
   *
   * @return {@code 127.0.0.1:port}
   */
  public String unreachableServers() {
    return "127.0.0.1:" + unusedPort;
  }

  /**
   * The SASL_SSL bootstrap address.
   *
   * @return {@code 127.0.0.1:port}
   */
  public String secureBootstrapServers() {
    return "127.0.0.1:" + securePort;
  }

  /**
   * The PKCS12 trust store holding the broker's self-signed certificate.
   *
   * @return the path
   */
  public Path truststore() {
    return truststore;
  }

  /**
   * Starts the broker if it is not running and waits until it serves requests.
   *
   * @throws Exception if it does not come up within the deadline
   */
  public synchronized void start() throws Exception {
    if (isRunning()) {
      return;
    }
    long t0 = System.nanoTime();
    launch();
    awaitReady();
    System.err.printf(
        "[kafka-fixture] broker %d ready on %s in %d ms%n",
        nodeId, bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  /**
   * Starts the broker's child JVM if it is not running, without waiting for it to serve: the nodes
   * of a cluster start together, since none is ready before a majority of the quorum runs.
   *
   * @throws IOException if the process cannot start
   */
  synchronized void launch() throws IOException {
    if (isRunning()) {
      return;
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xms128m");
    command.add("-Xmx768m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dlog4j2.level=WARN");
    command.add(KafkaBrokerMain.class.getName());
    command.add(properties.toString());
    command.add(logDir.toString());
    command.add(clusterId);
    command.add(voters == null ? "standalone" : "voters");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("CLASSPATH", testClassPath());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    // stdin stays a pipe that this JVM holds: the child halts when it closes.
    process = pb.start();
  }

  /**
   * Kills the broker abruptly ({@code SIGKILL}), keeping its data for {@link #start()}.
   *
   * @throws InterruptedException if interrupted while waiting for it to die
   */
  public synchronized void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    process = null;
  }

  /** Kills the broker and deletes its data. */
  synchronized void destroy() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }

  /**
   * Waits until the launched broker serves metadata requests.
   *
   * @throws Exception if it exits or the deadline passes first
   */
  void awaitReady() throws Exception {
    long end = System.nanoTime() + START_DEADLINE.toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200))) {
      while (true) {
        Process running;
        synchronized (this) {
          running = process;
        }
        if (running == null || !running.isAlive()) {
          throw new IllegalStateException(
              "Kafka broker "
                  + nodeId
                  + " exited"
                  + (running == null ? "" : " with " + running.exitValue())
                  + "; log:\n"
                  + tail());
        }
        try {
          if (!admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
              .nodes()
              .get(3, TimeUnit.SECONDS)
              .isEmpty()) {
            return;
          }
        } catch (Exception e) {
          // not up yet
        }
        if (System.nanoTime() > end) {
          throw new IllegalStateException(
              "Kafka broker not ready after " + START_DEADLINE + "; log:\n" + tail());
        }
      }
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  private void writeProperties(Path keystore) throws IOException {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(nodeId));
    p.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + plainPort
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort
            + ",SASL_SSL://127.0.0.1:"
            + securePort);
    p.setProperty(
        "advertised.listeners",
        "PLAINTEXT://127.0.0.1:" + plainPort + ",SASL_SSL://127.0.0.1:" + securePort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    // A cluster's internal topics are replicated to every node and need all but one in sync.
    String replicas = "1";
    String minIsr = "1";
    if (voters == null) {
      p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    } else {
      p.setProperty("controller.quorum.voters", voters);
      int nodes = voters.split(",").length;
      replicas = Integer.toString(nodes);
      minIsr = Integer.toString(Math.max(1, nodes - 1));
      // A killed node is fenced, and its partitions led by others, within seconds, not the
      // defaults' 9 s; a rejoined node gets its preferred leaderships back soon, not in 5 minutes.
      p.setProperty("broker.session.timeout.ms", "3000");
      p.setProperty("broker.heartbeat.interval.ms", "500");
      p.setProperty("leader.imbalance.check.interval.seconds", "10");
      p.setProperty("unclean.leader.election.enable", "false");
    }
    p.setProperty("log.dirs", logDir.toString());
    p.setProperty("num.partitions", "1");
    p.setProperty("default.replication.factor", replicas);
    p.setProperty("min.insync.replicas", minIsr);
    p.setProperty("offsets.topic.replication.factor", replicas);
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", replicas);
    p.setProperty("transaction.state.log.min.isr", minIsr);
    p.setProperty("transaction.state.log.num.partitions", "2");
    p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
    p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
    p.setProperty("log.index.size.max.bytes", Integer.toString(1024 * 1024));
    // Few threads: the build machine has two cores shared with the tests.
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "2");
    p.setProperty("background.threads", "2");
    p.setProperty("num.recovery.threads.per.data.dir", "2");
    p.setProperty("log.cleaner.threads", "1");
    p.setProperty("sasl.enabled.mechanisms", "PLAIN");
    p.setProperty(
        "listener.name.sasl_ssl.plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required user_"
            + USER
            + "=\""
            + PASSWORD
            + "\";");
    p.setProperty("ssl.keystore.location", keystore.toString());
    p.setProperty("ssl.keystore.password", STORE_PASSWORD);
    p.setProperty("ssl.key.password", STORE_PASSWORD);
    p.setProperty("ssl.keystore.type", "PKCS12");
    try (var out = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
      p.store(out, "Hermod test broker");
    }
  }

  /** A self-signed certificate for 127.0.0.1 and a trust store holding it, made with keytool. */
  private void createStores(Path keystore) throws IOException {
    Path cert = home.resolve("broker.crt");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "30",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "broker",
        "-keystore",
        keystore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        STORE_PASSWORD);
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static int[] freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        s.setReuseAddress(true);
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          // ignore
        }
      }
    }
  }

  @Override
  public String toString() {
    return "KafkaBroker[" + nodeId + ", " + bootstrapServers() + ", " + home + "]";
  }
}
