package io.hermod.binding.rabbitmq;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private RabbitMQ node started from the machine's {@code rabbitmq-server} installation: its own
 * node name ({@code hermod-<random>@localhost}), AMQP, TLS and distribution ports (free ones on
 * 127.0.0.1), data, log, cookie and configuration under one folder, so it never touches a RabbitMQ
 * the machine already runs (whose {@code /etc/rabbitmq/rabbitmq-env.conf} it does not read either).
 * It can be killed with SIGKILL and started again on the same data. Its processes are killed when
 * the JVM exits, whatever way the tests end.
 */
final class RabbitMqNode {

  /** Where Debian's package puts the real scripts (the ones in /usr/sbin only switch user). */
  static final Path SCRIPTS = Path.of("/usr/lib/rabbitmq/bin");

  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final Path dir;
  private final String nodeName;
  private final int amqpPort;
  private final int tlsPort;
  private final int distPort;
  private final Optional<Path> tlsDir;
  private Process process;

  /**
   * Whether the machine has a RabbitMQ installation the node can start from.
   *
   * @return {@code true} if {@code rabbitmq-server} and {@code rabbitmqctl} are there
   */
  static boolean installed() {
    return Files.isExecutable(SCRIPTS.resolve("rabbitmq-server"))
        && Files.isExecutable(SCRIPTS.resolve("rabbitmqctl"));
  }

  RabbitMqNode(Path dir, Optional<Path> tlsDir) throws IOException {
    this.dir = dir;
    this.tlsDir = tlsDir;
    this.nodeName = "hermod-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    this.amqpPort = freePort();
    this.tlsPort = freePort();
    this.distPort = freePort();
    Files.createDirectories(dir.resolve("home"));
    Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    StringBuilder conf = new StringBuilder();
    conf.append("listeners.tcp.1 = 127.0.0.1:").append(amqpPort).append('\n');
    conf.append("loopback_users = none\n");
    // Keep the node small and quiet on a shared two-core machine.
    conf.append("log.console = false\n");
    conf.append("log.file.level = warning\n");
    conf.append("vm_memory_high_watermark.absolute = 1GB\n");
    conf.append("disk_free_limit.absolute = 50MB\n");
    tlsDir.ifPresent(
        t -> {
          conf.append("listeners.ssl.1 = 127.0.0.1:").append(tlsPort).append('\n');
          conf.append("ssl_options.cacertfile = ").append(t.resolve("cert.pem")).append('\n');
          conf.append("ssl_options.certfile = ").append(t.resolve("cert.pem")).append('\n');
          conf.append("ssl_options.keyfile = ").append(t.resolve("key.pem")).append('\n');
          conf.append("ssl_options.verify = verify_none\n");
          conf.append("ssl_options.fail_if_no_peer_cert = false\n");
        });
    Files.writeString(dir.resolve("rabbitmq.conf"), conf.toString());
    Runtime.getRuntime().addShutdownHook(new Thread(this::kill, "rabbitmq-node-killer"));
    watchThisJvm();
  }

  /**
   * A shutdown hook does not run when the JVM is halted or killed (surefire halts a fork whose
   * Maven died): a small shell loop, started once, kills the node (the pid in its pid file) when
   * this JVM is gone.
   */
  private void watchThisJvm() throws IOException {
    String script =
        "while kill -0 "
            + ProcessHandle.current().pid()
            + " 2>/dev/null; do sleep 1; done; [ -f '"
            + pidFile()
            + "' ] && kill -9 $(cat '"
            + pidFile()
            + "') 2>/dev/null";
    new ProcessBuilder("sh", "-c", script)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  String nodeName() {
    return nodeName;
  }

  int amqpPort() {
    return amqpPort;
  }

  int tlsPort() {
    return tlsPort;
  }

  private Map<String, String> environment(ProcessBuilder pb) {
    Map<String, String> env = pb.environment();
    env.put("HOME", dir.resolve("home").toString()); // its own Erlang cookie
    env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
    env.put("RABBITMQ_NODENAME", nodeName);
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("data").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_PID_FILE", pidFile().toString());
    env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
    env.remove("RABBITMQ_NODE_PORT");
    env.remove("RABBITMQ_NODE_IP_ADDRESS");
    return env;
  }

  private Path pidFile() {
    return dir.resolve("node.pid");
  }

  /** Starts the node (again, on the same data) and waits until it accepts connections. */
  synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    Files.deleteIfExists(pidFile());
    ProcessBuilder pb = new ProcessBuilder(SCRIPTS.resolve("rabbitmq-server").toString());
    environment(pb);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()));
    process = pb.start();
    // 'wait' waits for the pid file, then for the node's distribution, then for the rabbit
    // application: the readiness await_startup checks, without failing while the node boots.
    ctl(STARTUP, "wait", pidFile().toString(), "--timeout", Long.toString(STARTUP.toSeconds()));
  }

  /** Kills every process of the node with SIGKILL and waits until they are gone. */
  synchronized void kill() {
    List<ProcessHandle> all = new ArrayList<>();
    if (process != null) {
      process.toHandle().descendants().forEach(all::add);
      all.add(process.toHandle());
    }
    try {
      if (Files.exists(pidFile())) {
        long pid = Long.parseLong(Files.readString(pidFile()).trim());
        ProcessHandle.of(pid)
            .ifPresent(
                h -> {
                  h.descendants().forEach(all::add);
                  all.add(h);
                });
      }
    } catch (IOException | NumberFormatException e) {
      // No pid file: the launched process tree is all there is.
    }
    for (ProcessHandle h : all) {
      h.destroyForcibly();
    }
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Best effort: a process that does not die in 10 s is reported by the next start.
      }
    }
    process = null;
    try {
      Files.deleteIfExists(pidFile()); // so the watcher of this JVM never kills a reused pid
    } catch (IOException e) {
      // It is overwritten at the next start.
    }
  }

  /**
   * Runs {@code rabbitmqctl -n <node>} with the node's environment.
   *
   * @param timeout the longest it may take
   * @param args the command and its arguments
   * @return the output
   */
  String ctl(Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(SCRIPTS.resolve("rabbitmqctl").toString());
    cmd.add("-n");
    cmd.add(nodeName);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    environment(pb);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out;
    if (!p.waitFor(timeout.toSeconds() + 10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("rabbitmqctl " + String.join(" ", args) + " did not finish in time");
    }
    out = p.getInputStream().readAllBytes();
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(
          "rabbitmqctl "
              + args[0]
              + " failed ("
              + p.exitValue()
              + "): "
              + text
              + "; the node's log is under "
              + dir.resolve("log"));
    }
    return text;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
