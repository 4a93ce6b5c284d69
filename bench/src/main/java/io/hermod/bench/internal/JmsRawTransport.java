package io.hermod.bench.internal;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The raw Artemis baseline, written as an expert would with Jakarta JMS 3: persistent sends
 * confirmed asynchronously through a {@link CompletionListener} (with a confirmation window), a
 * {@code MessageListener} per consumer on its own session, and RPC over a temporary reply queue
 * matched by {@code JMSCorrelationID}. With {@code cloudEvents}, every message carries Hermod's
 * CloudEvents properties and the consumer reads them. Not thread-safe.
 */
final class JmsRawTransport implements Transport {

  private final ActiveMQConnectionFactory factory;
  private final Connection connection;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final boolean cloudEvents;

  /** Characters of property values read, so that reading them is never optimised away. */
  private final LongAdder headerChars = new LongAdder();

  JmsRawTransport(String url, String user, String password, boolean cloudEvents)
      throws JMSException {
    this.cloudEvents = cloudEvents;
    factory = new ActiveMQConnectionFactory(url, user, password);
    // Asynchronous confirmations need a confirmation window; 1 MiB is Artemis's usual advice.
    factory.setConfirmationWindowSize(1024 * 1024);
    connection = factory.createConnection();
    connection.start();
  }

  @Override
  public String side() {
    return "raw";
  }

  @Override
  public Channel open(String name, boolean exactlyOnce, Consumer<byte[]> sink) throws JMSException {
    Session consumerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(name));
    consumer.setMessageListener(
        m -> {
          if (cloudEvents) {
            headerChars.add(properties(m));
          }
          sink.accept(body(m));
        });
    Session sendSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    MessageProducer producer = sendSession.createProducer(sendSession.createQueue(name));
    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
    return new Channel() {
      @Override
      public CompletableFuture<?> send(byte[] payload, long seq) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        try {
          BytesMessage m = sendSession.createBytesMessage();
          m.writeBytes(payload);
          if (cloudEvents) {
            CloudEventsAttributes.JMS.write(seq, (k, v) -> setProperty(m, k, v));
          }
          if (exactlyOnce) {
            m.setStringProperty("JMSXGroupID", Payloads.key(seq));
            m.setStringProperty("_AMQ_DUPL_ID", UUID.randomUUID().toString());
          }
          producer.send(m, listener(f));
        } catch (JMSException e) {
          f.completeExceptionally(e);
        }
        return f;
      }

      @Override
      public void close() throws JMSException {
        consumer.close();
        consumerSession.close();
        sendSession.close();
      }
    };
  }

  private static void setProperty(Message m, String name, String value) {
    try {
      m.setStringProperty(name, value);
    } catch (JMSException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads every property of a received message as a string, as a CloudEvents reader does. */
  private static long properties(Message m) {
    try {
      long chars = 0;
      for (var names = m.getPropertyNames(); names.hasMoreElements(); ) {
        String name = (String) names.nextElement();
        chars += name.length() + m.getStringProperty(name).length();
      }
      return chars;
    } catch (JMSException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Rpc rpc(String name) throws JMSException {
    Session responderSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    Queue requests = responderSession.createQueue(name);
    MessageProducer replier = responderSession.createProducer(null);
    MessageConsumer responder = responderSession.createConsumer(requests);
    responder.setMessageListener(
        m -> {
          try {
            BytesMessage reply = responderSession.createBytesMessage();
            reply.writeBytes(body(m));
            reply.setJMSCorrelationID(m.getJMSCorrelationID());
            replier.send(m.getJMSReplyTo(), reply);
          } catch (JMSException e) {
            throw new IllegalStateException(e);
          }
        });
    Map<String, CompletableFuture<byte[]>> waiting = new ConcurrentHashMap<>();
    Session replySession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    TemporaryQueue replyQueue = replySession.createTemporaryQueue();
    MessageConsumer replies = replySession.createConsumer(replyQueue);
    replies.setMessageListener(
        m -> {
          try {
            CompletableFuture<byte[]> f = waiting.remove(m.getJMSCorrelationID());
            if (f != null) {
              f.complete(body(m));
            }
          } catch (JMSException e) {
            throw new IllegalStateException(e);
          }
        });
    Session requestSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    MessageProducer requester = requestSession.createProducer(requests);
    Rpc rpc =
        new Rpc() {
          @Override
          public byte[] call(byte[] request) throws Exception {
            String id = UUID.randomUUID().toString();
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            waiting.put(id, reply);
            BytesMessage m = requestSession.createBytesMessage();
            m.writeBytes(request);
            m.setJMSCorrelationID(id);
            m.setJMSReplyTo(replyQueue);
            requester.send(m);
            return reply.get(60, TimeUnit.SECONDS);
          }

          @Override
          public void close() throws JMSException {
            responderSession.close();
            replySession.close();
            requestSession.close();
          }
        };
    open.add(rpc);
    return rpc;
  }

  private static CompletionListener listener(CompletableFuture<Object> f) {
    return new CompletionListener() {
      @Override
      public void onCompletion(Message message) {
        f.complete(message);
      }

      @Override
      public void onException(Message message, Exception exception) {
        f.completeExceptionally(exception);
      }
    };
  }

  private static byte[] body(Message m) {
    try {
      return m.getBody(byte[].class);
    } catch (JMSException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws JMSException {
    connection.close();
    factory.close();
  }
}
