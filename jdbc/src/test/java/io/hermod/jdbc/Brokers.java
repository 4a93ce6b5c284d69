package io.hermod.jdbc;

import io.hermod.binding.artemis.ArtemisFixture;
import io.hermod.binding.kafka.KafkaFixture;
import io.hermod.binding.sqs.SqsFixture;
import io.hermod.tck.BrokerFixture;
import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bindings' own TCK fixtures (their test-jars), each started on first use and stopped by {@link
 * #stopAll()}: the same embedded brokers the bindings' compatibility tests run against.
 */
final class Brokers {

  private final Map<String, BrokerFixture> started = new LinkedHashMap<>();

  synchronized BrokerFixture get(String binding) throws Exception {
    BrokerFixture f = started.get(binding);
    if (f == null) {
      f =
          switch (binding) {
            case "inmemory" -> inMemory();
            case "artemis" -> ArtemisFixture.shared();
            case "kafka" -> new KafkaFixture();
            case "sqs" -> SqsFixture.shared();
            default -> throw new IllegalArgumentException("no fixture for binding " + binding);
          };
      f.start();
      started.put(binding, f);
    }
    return f;
  }

  /** The in-memory binding keeps its fixture package-private; it has a no-argument constructor. */
  private static BrokerFixture inMemory() throws ReflectiveOperationException {
    Constructor<?> c =
        Class.forName("io.hermod.binding.inmemory.InMemoryFixture").getDeclaredConstructor();
    c.setAccessible(true);
    return (BrokerFixture) c.newInstance();
  }

  synchronized void stopAll() throws Exception {
    Exception first = null;
    for (BrokerFixture f : started.values()) {
      try {
        f.stop();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    started.clear();
    if (first != null) {
      throw first;
    }
  }
}
