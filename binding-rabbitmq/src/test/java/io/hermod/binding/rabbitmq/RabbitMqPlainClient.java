package io.hermod.binding.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.hermod.tck.PlainClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The AMQP 0-9-1 Java client used directly, as an application outside Hermod would: CloudEvents
 * binary mode puts each attribute in a header {@code cloudEvents:<name>} and the content type in
 * the {@code content-type} property.
 */
final class RabbitMqPlainClient implements PlainClient {

  private static final String PREFIX = "cloudEvents:";

  private final Connection connection;
  private final Channel channel;

  RabbitMqPlainClient(int port, String user, String password) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    f.setPort(port);
    f.setUsername(user);
    f.setPassword(password);
    connection = f.newConnection("plain-client");
    channel = connection.createChannel();
    channel.confirmSelect();
  }

  @Override
  public synchronized void sendCloudEvent(String queue, Map<String, String> attributes, byte[] body)
      throws Exception {
    Map<String, Object> headers = new LinkedHashMap<>();
    String contentType = null;
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (e.getKey().equals("datacontenttype")) {
        contentType = e.getValue();
      } else {
        headers.put(PREFIX + e.getKey(), e.getValue());
      }
    }
    AMQP.BasicProperties p =
        new AMQP.BasicProperties.Builder()
            .headers(headers)
            .contentType(contentType)
            .deliveryMode(2)
            .build();
    channel.basicPublish("", queue, true, p, body);
    channel.waitForConfirmsOrDie(10_000);
  }

  @Override
  public synchronized Optional<RawMessage> receive(String queue, Duration timeout)
      throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    do {
      GetResponse r = channel.basicGet(queue, true);
      if (r != null) {
        Map<String, String> ce = new LinkedHashMap<>();
        Map<String, String> other = new LinkedHashMap<>();
        Map<String, Object> headers = r.getProps().getHeaders();
        if (headers != null) {
          headers.forEach(
              (k, v) -> {
                String value = v == null ? "" : v.toString();
                if (k.startsWith(PREFIX)) {
                  ce.put(k.substring(PREFIX.length()), value);
                } else {
                  other.put(k, value);
                }
              });
        }
        if (r.getProps().getContentType() != null) {
          ce.put("datacontenttype", r.getProps().getContentType());
        }
        return Optional.of(new RawMessage(ce, other, r.getBody()));
      }
      Thread.sleep(20); // basic.get has no long poll; a short pause between polls
    } while (System.nanoTime() < end);
    return Optional.empty();
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (Exception e) {
      // closing a test client
    }
  }
}
