package io.hermod.binding.artemis;

import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.BaseInterceptor;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.persistence.Persister;
import org.apache.activemq.artemis.core.server.ActiveMQComponent;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.protocol.amqp.broker.AmqpInterceptor;
import org.apache.activemq.artemis.spi.core.protocol.ProtocolManager;
import org.apache.activemq.artemis.spi.core.protocol.ProtocolManagerFactory;

/**
 * The broker's AMQP 1.0 protocol for the test fixture, without its broker-to-broker services.
 * Central serves artemis-amqp-protocol only up to 2.55.0, and that version's mirroring service (its
 * ack manager, loaded with the protocol's services) does not link against the 2.56.0 journal; the
 * fixture needs only plain AMQP clients, so it registers the protocol and skips those services.
 */
// Artemis's ProtocolManagerFactory interface is declared with raw types.
@SuppressWarnings("rawtypes")
final class AmqpProtocolWithoutMirror implements ProtocolManagerFactory<AmqpInterceptor> {

  private static final String PROTON_FACTORY =
      "org.apache.activemq.artemis.protocol.amqp.broker.ProtonProtocolManagerFactory";

  private final ProtocolManagerFactory<AmqpInterceptor> amqp = load();

  /**
   * Whether artemis-amqp-protocol is on the class path: it is in this module's tests; modules that
   * borrow the fixture (cli, examples, bench) run without it and get no AMQP acceptor.
   *
   * @return {@code true} if the AMQP protocol can be registered
   */
  static boolean onClassPath() {
    try {
      Class.forName(PROTON_FACTORY, false, AmqpProtocolWithoutMirror.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * Loaded by name: javac warns (and the build fails on warnings) about the class's OSGi
   * annotations, which are not on the class path, whenever the source names the class.
   */
  @SuppressWarnings("unchecked")
  private static ProtocolManagerFactory<AmqpInterceptor> load() {
    try {
      return (ProtocolManagerFactory<AmqpInterceptor>)
          Class.forName(PROTON_FACTORY).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("artemis-amqp-protocol is not on the test class path", e);
    }
  }

  @Override
  public Persister<Message>[] getPersister() {
    return amqp.getPersister();
  }

  @Override
  public ProtocolManager createProtocolManager(
      ActiveMQServer server,
      Map<String, Object> parameters,
      List<BaseInterceptor> incoming,
      List<BaseInterceptor> outgoing)
      throws Exception {
    return amqp.createProtocolManager(server, parameters, incoming, outgoing);
  }

  @Override
  public List<AmqpInterceptor> filterInterceptors(List<BaseInterceptor> interceptors) {
    return amqp.filterInterceptors(interceptors);
  }

  @Override
  public String[] getProtocols() {
    return amqp.getProtocols();
  }

  @Override
  public String getModuleName() {
    return amqp.getModuleName();
  }

  @Override
  public void loadProtocolServices(ActiveMQServer server, List<ActiveMQComponent> services) {
    // No mirroring and no broker connections in the fixture.
  }

  @Override
  public void updateProtocolServices(ActiveMQServer server, List<ActiveMQComponent> services) {
    // Nothing loaded, nothing to update.
  }
}
