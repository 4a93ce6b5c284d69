package io.hermod.binding.artemis;

import io.hermod.tck.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.cluster.impl.MessageLoadBalancingType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * Entry point of a child JVM running one server of an Artemis primary/backup pair with classic
 * replication ({@link ArtemisPairFixture}): the test broker's configuration ({@link
 * ArtemisTestServer}), a core acceptor on 127.0.0.1, a cluster connection to the peer over a static
 * connector, and the HA policy of its role: the primary replicates to the backup and, on a restart,
 * first looks for an active server of its node id ({@code check-for-active-server}) to take over
 * from it again; the backup becomes active when the primary dies and gives way when the primary
 * returns ({@code allow-failback}).
 *
 * <p>The parent cannot ask the broker's management which role it plays without a client of its own,
 * so the child writes what {@link ActiveMQServer#isActive()} and {@link
 * ActiveMQServer#isReplicaSync()} say to a state file whenever it changes (written aside and moved
 * in place, so the parent never reads half a line): {@code active=true sync=true} on a primary
 * whose backup is synchronised, {@code active=false sync=true} on a backup that is. Halts when its
 * parent is gone ({@link ChildJvm#haltWhenParentExits()}).
 */
public final class ArtemisNodeMain {

  /** The cluster user the two servers authenticate each other with. */
  private static final String CLUSTER_USER = "hermod-cluster";

  private static final String CLUSTER_PASSWORD = "cluster-s3cret";

  private ArtemisNodeMain() {}

  /**
   * Runs the server until the JVM is killed.
   *
   * @param args {@code primary} or {@code backup}, the data directory, the acceptor's port, the
   *     peer's port, the state file
   */
  public static void main(String[] args) throws Exception {
    ChildJvm.haltWhenParentExits();
    boolean primary = args[0].equals("primary");
    Path dir = Path.of(args[1]);
    int port = Integer.parseInt(args[2]);
    int peerPort = Integer.parseInt(args[3]);
    Path stateFile = Path.of(args[4]);

    Configuration config = ArtemisTestServer.configuration("hermod-" + args[0], dir);
    config.addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port);
    config.addConnectorConfiguration("self", "tcp://127.0.0.1:" + port);
    config.addConnectorConfiguration("peer", "tcp://127.0.0.1:" + peerPort);
    config.setClusterUser(CLUSTER_USER);
    config.setClusterPassword(CLUSTER_PASSWORD);
    config.addClusterConfiguration(
        new ClusterConnectionConfiguration()
            .setName("hermod-pair")
            .setAddress("")
            .setConnectorName("self")
            .setStaticConnectors(List.of("peer"))
            // One active server at a time: nothing to balance.
            .setMessageLoadBalancingType(MessageLoadBalancingType.OFF)
            // A killed peer is retried every 200 ms, not every 500 ms with growing pauses.
            .setRetryInterval(200)
            .setRetryIntervalMultiplier(1.0)
            .setMaxRetryInterval(200)
            .setReconnectAttempts(-1));
    if (primary) {
      config.setHAPolicyConfiguration(
          new ReplicatedPolicyConfiguration()
              .setCheckForActiveServer(true)
              .setClusterName("hermod-pair"));
    } else {
      config.setHAPolicyConfiguration(
          new ReplicaPolicyConfiguration()
              .setAllowFailBack(true)
              .setRestartBackup(true)
              .setClusterName("hermod-pair"));
    }
    EmbeddedActiveMQ broker = ArtemisTestServer.create(config);
    ActiveMQServer server = broker.getActiveMQServer();
    String[] last = {""};
    ScheduledExecutorService reporter =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hermod-node-state");
              t.setDaemon(true);
              return t;
            });
    reporter.scheduleWithFixedDelay(
        () -> last[0] = report(server, stateFile, last[0]), 0, 20, TimeUnit.MILLISECONDS);
    broker.start();
    Thread.currentThread().join();
  }

  /** Writes the server's state to {@code file} if it differs from {@code last}; returns it. */
  private static String report(ActiveMQServer server, Path file, String last) {
    String now;
    try {
      now = "active=" + server.isActive() + " sync=" + server.isReplicaSync();
    } catch (RuntimeException e) {
      // between activations (a backup restarting after failback) the activation may be unset
      now = "active=false sync=false";
    }
    if (now.equals(last)) {
      return last;
    }
    try {
      Path aside = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(aside, now + "\n", StandardCharsets.UTF_8);
      Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      System.out.println(LocalTime.now() + " [hermod-node] " + now);
      return now;
    } catch (Exception e) {
      System.out.println("[hermod-node] cannot write " + file + ": " + e);
      return last;
    }
  }
}
