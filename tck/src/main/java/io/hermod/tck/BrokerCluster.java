package io.hermod.tck;

/**
 * The nodes of a broker cluster behind a {@link BrokerFixture}'s {@link BrokerFixture#config()},
 * for the cluster scenarios (F06, F07): a node can be killed abruptly and brought back.
 *
 * <p>The kit calls these methods from one thread at a time. A node is named by the fixture; the kit
 * only passes the name back.
 *
 * @since 0.4
 */
public interface BrokerCluster {

  /**
   * Kills, with {@code SIGKILL} ({@code kill -9}), the node that serves {@code channel} now: the
   * leader of its (first) partition, the primary of a primary/backup pair. Returns once the process
   * is gone; the survivors take over by themselves.
   *
   * @param channel a channel the kit declared and is sending to
   * @return the killed node's name, for {@link #rejoin(String)} and for messages
   * @throws Exception if no node could be found or killed
   */
  String killLeader(String channel) throws Exception;

  /**
   * Starts a killed node again on its data and returns once it is back in the cluster, its replicas
   * in sync (a Kafka broker in every in-sync replica set, an Artemis primary replicated and active
   * again after failing back). The kit's deadline is the fixture's own: this method fails rather
   * than return before the node has rejoined.
   *
   * @param node a name {@link #killLeader(String)} returned
   * @throws Exception if the node does not rejoin
   */
  void rejoin(String node) throws Exception;
}
