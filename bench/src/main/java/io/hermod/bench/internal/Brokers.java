package io.hermod.bench.internal;

import io.hermod.binding.artemis.ArtemisFixture;
import io.hermod.binding.kafka.KafkaFixture;
import io.hermod.binding.rabbitmq.RabbitMqFixture;
import io.hermod.binding.sqs.SqsFixture;
import io.hermod.tck.BrokerFixture;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.util.Map;

/** Starts the bindings' own test fixtures and builds the matching raw transport. Stateless. */
final class Brokers {

  private Brokers() {}

  static BrokerFixture start(String binding) throws Exception {
    BrokerFixture f =
        switch (binding) {
          case "inmemory" -> inMemoryFixture();
          case "kafka" -> new KafkaFixture();
          case "artemis" -> ArtemisFixture.shared();
          case "sqs" -> SqsFixture.shared();
          case "rabbitmq" -> {
            if (!RabbitMqFixture.installed()) {
              throw new IllegalStateException(
                  "the RabbitMQ row needs the machine's rabbitmq-server package (the fixture starts"
                      + " a private node from it): apt-get install rabbitmq-server");
            }
            yield RabbitMqFixture.shared();
          }
          default -> throw new IllegalArgumentException("unknown binding " + binding);
        };
    f.start();
    return f;
  }

  /**
   * The raw client's transport.
   *
   * @param binding the binding whose broker it talks to
   * @param c the fixture's configuration
   * @param cloudEvents whether every message carries (and the consumer reads) the CloudEvents
   *     headers Hermod writes; the in-memory baseline has no wire format and ignores it
   */
  static Transport raw(String binding, Map<String, String> c, boolean cloudEvents)
      throws Exception {
    return switch (binding) {
      case "inmemory" -> new InMemoryRawTransport();
      case "kafka" -> new KafkaRawTransport(c.get("hermod.kafka.bootstrap-servers"), cloudEvents);
      case "artemis" ->
          new JmsRawTransport(
              c.get("hermod.artemis.url"),
              c.get("hermod.artemis.username"),
              c.get("hermod.artemis.password"),
              cloudEvents);
      case "sqs" ->
          new SqsRawTransport(
              URI.create(c.get("hermod.sqs.endpoint")),
              c.get("hermod.sqs.region"),
              c.get("hermod.sqs.access-key-id"),
              c.get("hermod.sqs.secret-access-key"),
              cloudEvents);
      case "rabbitmq" ->
          new RabbitMqRawTransport(
              c.get("hermod.rabbitmq.uri"),
              c.get("hermod.rabbitmq.username"),
              c.get("hermod.rabbitmq.password"),
              cloudEvents);
      default -> throw new IllegalArgumentException("unknown binding " + binding);
    };
  }

  /** The in-memory fixture is package-private in its test sources; reach it reflectively. */
  private static BrokerFixture inMemoryFixture() throws ReflectiveOperationException {
    Constructor<?> c =
        Class.forName("io.hermod.binding.inmemory.InMemoryFixture").getDeclaredConstructor();
    c.setAccessible(true);
    return (BrokerFixture) c.newInstance();
  }
}
