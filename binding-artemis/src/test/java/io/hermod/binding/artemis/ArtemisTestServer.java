package io.hermod.binding.artemis;

import java.nio.file.Path;
import java.util.Set;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * The broker configuration every test broker shares, in the test JVM ({@link ArtemisFixture}) or in
 * a child JVM of a primary/backup pair ({@link ArtemisNodeMain}): persistence with the NIO journal
 * in one directory, security on with one user ({@link #USER}) allowed everything, addresses and
 * queues never auto-deleted. Acceptors, connectors and HA policy are the caller's. Stateless.
 */
final class ArtemisTestServer {

  /** The one user of every test broker. */
  static final String USER = "hermod";

  /** That user's password. */
  static final String PASSWORD = "s3cret-Pa55";

  private ArtemisTestServer() {}

  /**
   * The shared part of a test broker's configuration.
   *
   * @param name the server's name
   * @param dir the directory of its journal, bindings, paging, large messages and lock
   * @return a configuration without acceptors
   */
  static Configuration configuration(String name, Path dir) {
    Configuration config =
        new ConfigurationImpl()
            .setName(name)
            .setPersistenceEnabled(true)
            .setJournalType(JournalType.NIO)
            .setJournalDirectory(dir.resolve("journal").toString())
            .setBindingsDirectory(dir.resolve("bindings").toString())
            .setLargeMessagesDirectory(dir.resolve("large").toString())
            .setPagingDirectory(dir.resolve("paging").toString())
            .setNodeManagerLockDirectory(dir.resolve("lock").toString())
            .setSecurityEnabled(true)
            .setJMXManagementEnabled(false)
            .setMaxDiskUsage(-1)
            .setGracefulShutdownEnabled(false)
            // Protocols are registered by the caller, not found on the class path: see
            // AmqpProtocolWithoutMirror.
            .setResolveProtocols(false);
    config.putSecurityRoles(
        "#",
        Set.of(
            new Role(
                "hermod", true, true, true, true, true, true, true, true, true, true, true, true)));
    config.addAddressSetting(
        "#", new AddressSettings().setAutoDeleteAddresses(false).setAutoDeleteQueues(false));
    return config;
  }

  /**
   * An embedded broker on {@code config} with the test user, created but not started.
   *
   * @param config from {@link #configuration(String, Path)}, completed by the caller
   * @return the broker; {@link EmbeddedActiveMQ#getActiveMQServer()} is set
   */
  static EmbeddedActiveMQ create(Configuration config) throws Exception {
    SecurityConfiguration users = new SecurityConfiguration();
    users.addUser(USER, PASSWORD);
    users.addRole(USER, "hermod");
    EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
    broker.setConfiguration(config);
    broker.setSecurityManager(
        new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
    broker.createActiveMQServer();
    return broker;
  }
}
