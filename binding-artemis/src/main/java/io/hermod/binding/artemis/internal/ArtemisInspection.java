package io.hermod.binding.artemis.internal;

import io.hermod.api.Message;
import io.hermod.spi.QueueInspection;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;

/**
 * Browses a queue with a JMS {@code QueueBrowser} (nothing is consumed or locked) and removes
 * chosen messages by consuming exactly them, selected by their {@code JMSMessageID}s, in a
 * transacted session committed once all arrived; a crash before the commit leaves them in the
 * queue. Not thread-safe.
 */
final class ArtemisInspection implements QueueInspection {

  /** Ids per selector: Artemis parses every selector, keep them short. */
  private static final int SELECTOR_IDS = 50;

  /** How long a removal waits for each selected message to arrive. */
  private static final long RECEIVE_MILLIS = 2_000;

  private final Connection connection;
  private final String queueName;
  private final ArtemisErrors errors;
  private final Map<String, List<String>> jmsIds = new HashMap<>();

  ArtemisInspection(Connection connection, String queueName, ArtemisErrors errors) {
    this.connection = connection;
    this.queueName = queueName;
    this.errors = errors;
  }

  @Override
  public void browse(Predicate<Message<byte[]>> visitor) {
    try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        QueueBrowser browser = session.createBrowser(queue())) {
      for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
        jakarta.jms.Message jms = (jakarta.jms.Message) e.nextElement();
        Message<byte[]> m = ArtemisWire.fromJms(jms);
        jmsIds.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(jms.getJMSMessageID());
        if (!visitor.test(m)) {
          return;
        }
      }
    } catch (JMSException | RuntimeException e) {
      throw errors.translate(e, queueName, "browsing queue " + queueName);
    }
  }

  @Override
  public Set<String> remove(Set<String> ids) {
    Map<String, String> byJmsId = new HashMap<>();
    for (String id : ids) {
      for (String jmsId : jmsIds.getOrDefault(id, List.of())) {
        byJmsId.put(jmsId, id);
      }
    }
    Set<String> removed = new HashSet<>();
    if (byJmsId.isEmpty()) {
      return removed;
    }
    List<String> all = new ArrayList<>(byJmsId.keySet());
    try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
      for (int from = 0; from < all.size(); from += SELECTOR_IDS) {
        List<String> chunk = all.subList(from, Math.min(all.size(), from + SELECTOR_IDS));
        try (MessageConsumer consumer = session.createConsumer(queue(), selector(chunk))) {
          for (int got = 0; got < chunk.size(); got++) {
            jakarta.jms.Message jms = consumer.receive(RECEIVE_MILLIS);
            if (jms == null) {
              break; // consumed meanwhile by someone else, or expired
            }
            removed.add(byJmsId.get(jms.getJMSMessageID()));
          }
        }
      }
      session.commit();
    } catch (JMSException | RuntimeException e) {
      throw errors.translate(e, queueName, "removing messages from queue " + queueName);
    }
    ids.forEach(jmsIds::remove);
    return removed;
  }

  private Queue queue() {
    return ActiveMQDestination.createQueue(queueName);
  }

  private static String selector(List<String> jmsIds) {
    StringBuilder s = new StringBuilder("JMSMessageID IN (");
    for (int i = 0; i < jmsIds.size(); i++) {
      s.append(i == 0 ? "'" : ", '").append(jmsIds.get(i).replace("'", "''")).append('\'');
    }
    return s.append(')').toString();
  }

  @Override
  public void close() {}
}
