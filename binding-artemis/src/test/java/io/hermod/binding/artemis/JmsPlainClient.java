package io.hermod.binding.artemis;

import io.hermod.tck.PlainClient;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A plain Jakarta JMS client of the test broker, bypassing Hermod: CloudEvents in the JMS binary
 * mode are properties named {@code cloudEvents_<attribute>}. Not thread-safe.
 */
final class JmsPlainClient implements PlainClient {

  static final String CE_PREFIX = "cloudEvents_";

  private final ActiveMQConnectionFactory factory;
  private final Connection connection;

  JmsPlainClient(String url, String user, String password) {
    factory = new ActiveMQConnectionFactory(url);
    try {
      connection = factory.createConnection(user, password);
      connection.start();
    } catch (JMSException e) {
      factory.close();
      throw new IllegalStateException("plain JMS client cannot connect", e);
    }
  }

  @Override
  public void sendCloudEvent(String queue, Map<String, String> attributes, byte[] body)
      throws JMSException {
    try (Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue(queue))) {
      BytesMessage m = s.createBytesMessage();
      m.writeBytes(body);
      for (Map.Entry<String, String> e : attributes.entrySet()) {
        m.setStringProperty(CE_PREFIX + e.getKey(), e.getValue());
      }
      p.send(m);
    }
  }

  @Override
  public Optional<RawMessage> receive(String queue, Duration timeout) throws JMSException {
    try (Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(s.createQueue(queue))) {
      Message m = c.receive(Math.max(1, timeout.toMillis()));
      if (m == null) {
        return Optional.empty();
      }
      Map<String, String> ce = new LinkedHashMap<>();
      Map<String, String> other = new LinkedHashMap<>();
      for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
        String name = (String) names.nextElement();
        String value = String.valueOf(m.getObjectProperty(name));
        if (name.startsWith(CE_PREFIX)) {
          ce.put(name.substring(CE_PREFIX.length()), value);
        } else {
          other.put(name, value);
        }
      }
      byte[] body = new byte[0];
      if (m instanceof BytesMessage bm) {
        body = new byte[(int) bm.getBodyLength()];
        bm.readBytes(body);
      }
      return Optional.of(new RawMessage(ce, other, body));
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (JMSException e) {
      // closing a test client: nothing to do
    }
    factory.close();
  }
}
