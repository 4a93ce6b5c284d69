package io.hermod.binding.artemis;

import io.hermod.tck.BrokerCluster;
import io.hermod.tck.BrokerFixture;
import io.hermod.tck.ChildJvm;
import io.hermod.tck.Deadlines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The TCK fixture of the Artemis binding on a primary/backup pair with classic replication: two
 * servers ({@link ArtemisNodeMain}), each in a child JVM so that {@code kill -9} kills one broker
 * process, with data directories and 127.0.0.1 ports of their own. The primary checks for an active
 * server of its node id when it starts ({@code check-for-active-server}), the backup fails back
 * ({@code allow-failback}), so after a killed primary rejoins the pair is again "primary active,
 * backup replicated". Clients get both addresses and {@code ha=true}: they fail over to whichever
 * server is active. The pair belongs to the test class: {@link #stop()} kills both and deletes
 * their data. Not thread-safe beyond what the kit needs.
 */
final class ArtemisPairFixture implements BrokerFixture, BrokerCluster {

  /**
   * The catalogue's 10,000 messages per scenario take too long through four failovers and four
   * fail-backs on the build machine: 2,000 per scenario still keep 10 publishers busy across both
   * kills of a run (as on the Kafka cluster).
   */
  private static final double SCALE = 0.2;

  /** A start, a failover or a fail-back with replication takes seconds; bounded well above. */
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  private static final String PRIMARY = "primary";
  private static final String BACKUP = "backup";

  private Path home;
  private Node primary;
  private Node backup;

  @Override
  public String bindingName() {
    return "artemis";
  }

  @Override
  public synchronized void start() throws Exception {
    if (home != null) {
      return;
    }
    long t0 = System.nanoTime();
    home = Files.createTempDirectory("hermod-artemis-pair-");
    int[] ports = freePorts(2);
    primary = new Node(PRIMARY, home, ports[0], ports[1]);
    backup = new Node(BACKUP, home, ports[1], ports[0]);
    primary.start();
    awaitState("the primary active", () -> primary.is(true, null));
    backup.start();
    awaitPair("the backup replicated from the primary");
    log(
        "primary on %d, backup on %d, replicated, in %d ms",
        primary.port, backup.port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  @Override
  public synchronized void stop() throws Exception {
    if (home == null) {
      return;
    }
    try {
      for (Node n : new Node[] {primary, backup}) {
        if (n != null) {
          n.kill();
        }
      }
      keepLogs();
    } finally {
      try (Stream<Path> files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temp directory left behind is harmless
      }
      home = null;
    }
  }

  @Override
  public Map<String, String> config() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("hermod.binding", "artemis");
    c.put(
        "hermod.artemis.url",
        "(tcp://127.0.0.1:" + primary.port + ",tcp://127.0.0.1:" + backup.port + ")");
    // The pair's topology, so a client fails over to the backup (and back) instead of
    // reconnecting only to the server it had.
    c.put("hermod.artemis.client.ha", "true");
    // After a kill, a client connection's failover check (CHECK_FOR_FAILOVER) sometimes gets no
    // reply and waits the call timeout, which the binding sets to the send timeout (20 s here):
    // with it, 8 of 36 kills stalled one instance's traffic for 20 s (and then 5 s more of open
    // circuit); 5 s bounds that wait and still leaves blocking calls (session creation,
    // processed-id lookups) time on a loaded machine. A user setting for pairs: see README.md.
    c.put("hermod.artemis.client.callTimeout", "5000");
    c.put("hermod.artemis.username", ArtemisTestServer.USER);
    c.put("hermod.artemis.password", ArtemisTestServer.PASSWORD);
    return c;
  }

  @Override
  public Optional<String> addressKey() {
    return Optional.of("hermod.artemis.url");
  }

  @Override
  public Optional<BrokerCluster> cluster() {
    return Optional.of(this);
  }

  @Override
  public double scale() {
    return SCALE;
  }

  /** Kills the server that is active now: the primary, unless it is down or has failed over. */
  @Override
  public synchronized String killLeader(String channel) throws Exception {
    Node[] active = new Node[1];
    awaitState(
        "one active server to kill for channel '" + channel + "'",
        () -> {
          boolean p = primary.is(true, null);
          boolean b = backup.is(true, null);
          active[0] = p == b ? null : p ? primary : backup;
          return active[0] != null;
        });
    active[0].kill();
    log("killed the %s (port %d), active for %s", active[0].name, active[0].port, channel);
    return active[0].name;
  }

  @Override
  public synchronized void rejoin(String name) throws Exception {
    Node node = name.equals(PRIMARY) ? primary : name.equals(BACKUP) ? backup : null;
    if (node == null) {
      throw new IllegalArgumentException("no server '" + name + "' in the Artemis pair");
    }
    long t0 = System.nanoTime();
    node.start();
    awaitPair("the " + name + " rejoined");
    log(
        "the %s rejoined, primary active and backup replicated, in %d ms",
        name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  /**
   * Waits until the pair is whole: the primary active with its replica synchronised, the backup
   * passive and up to date. After a killed primary rejoins, this includes the fail-back.
   */
  private void awaitPair(String what) {
    awaitState(what, () -> primary.is(true, true) && backup.is(false, true));
  }

  private void awaitState(String what, BooleanSupplier condition) {
    Deadlines.await(
        what,
        DEADLINE,
        () -> {
          for (Node n : List.of(primary, backup)) {
            if (n.started && !n.jvm.alive()) {
              throw new IllegalStateException(
                  "the Artemis "
                      + n.name
                      + " "
                      + n.jvm.status()
                      + " while waiting for "
                      + what
                      + "; its log:\n"
                      + n.jvm.tail(60));
            }
          }
          return condition.getAsBoolean();
        },
        () ->
            "primary: "
                + primary.state()
                + ", backup: "
                + backup.state()
                + "\n--- primary log:\n"
                + primary.jvm.tail(40)
                + "\n--- backup log:\n"
                + backup.jvm.tail(40));
  }

  /**
   * Copies the servers' logs to {@code target/artemis-pair/} (the tests run in the module's
   * directory), so a failover that went wrong can be read after the data is deleted.
   */
  private void keepLogs() {
    Path target = Path.of("target");
    if (primary == null || backup == null || !Files.isDirectory(target)) {
      return;
    }
    try {
      Path logs = Files.createDirectories(target.resolve("artemis-pair"));
      for (Node n : List.of(primary, backup)) {
        if (Files.exists(n.log)) {
          Files.copy(n.log, logs.resolve(n.name + ".log"), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      System.err.println("[artemis-pair-fixture] cannot keep the servers' logs: " + e);
    }
  }

  private static void log(String format, Object... args) {
    System.err.println(LocalTime.now() + " [artemis-pair-fixture] " + String.format(format, args));
  }

  private static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
    return ports;
  }

  /** One server of the pair: its child JVM, port and state file. */
  private static final class Node {
    final String name;
    final int port;
    final Path stateFile;
    final Path log;
    final ChildJvm jvm;
    boolean started;

    Node(String name, Path home, int port, int peerPort) throws IOException {
      this.name = name;
      this.port = port;
      Path dir = Files.createDirectories(home.resolve(name));
      this.stateFile = dir.resolve("state");
      this.log = dir.resolve("node.log");
      this.jvm =
          ChildJvm.of(
              ArtemisNodeMain.class,
              List.of(
                  "-Xms64m",
                  "-Xmx384m",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-Dorg.slf4j.simpleLogger.showDateTime=true",
                  "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"),
              List.of(
                  name,
                  dir.resolve("data").toString(),
                  Integer.toString(port),
                  Integer.toString(peerPort),
                  stateFile.toString()),
              log);
    }

    void kill() throws InterruptedException {
      started = false;
      jvm.kill();
    }

    void start() throws IOException {
      // A killed server's last state must not be read as its state after the restart.
      Files.deleteIfExists(stateFile);
      jvm.start();
      started = true;
    }

    /** The server's last reported state, or {@code "down"}. */
    String state() {
      if (!jvm.alive()) {
        return "down";
      }
      try {
        return Files.exists(stateFile)
            ? Files.readString(stateFile, StandardCharsets.UTF_8).strip()
            : "starting";
      } catch (IOException e) {
        return "starting";
      }
    }

    /** Whether the server runs and is (or is not) active and in sync; {@code null} = either. */
    boolean is(boolean active, Boolean sync) {
      String s = state();
      return s.contains("active=" + active) && (sync == null || s.contains("sync=" + sync));
    }
  }
}
