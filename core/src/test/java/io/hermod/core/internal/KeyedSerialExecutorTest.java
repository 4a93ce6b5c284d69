package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class KeyedSerialExecutorTest {

  /** Runs tasks only when the test says so, to observe what is runnable. */
  static final class ManualExecutor implements Executor {
    final List<Runnable> ready = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable command) {
      ready.add(command);
    }

    synchronized Runnable take() {
      return ready.remove(0);
    }

    synchronized int size() {
      return ready.size();
    }
  }

  @Test
  void sameKeyWaitsForItsPredecessorOtherKeysDoNot() {
    ManualExecutor pool = new ManualExecutor();
    KeyedSerialExecutor serial = new KeyedSerialExecutor(pool);
    List<String> ran = new CopyOnWriteArrayList<>();
    Map<String, Runnable> dones = new ConcurrentHashMap<>();
    Consumer<String> submit =
        name ->
            serial.submit(
                name.substring(0, 1),
                done -> {
                  ran.add(name);
                  dones.put(name, done);
                });
    submit.accept("a1");
    submit.accept("a2");
    submit.accept("b1");
    assertThat(pool.size()).isEqualTo(2); // a1 and b1; a2 waits for a1
    pool.take().run();
    pool.take().run();
    assertThat(ran).containsExactly("a1", "b1");
    dones.get("b1").run();
    assertThat(pool.size()).isZero();
    dones.get("a1").run();
    dones.get("a1").run(); // a second call is ignored
    assertThat(pool.size()).isEqualTo(1);
    pool.take().run();
    assertThat(ran).containsExactly("a1", "b1", "a2");
    dones.get("a2").run();
    assertThat(serial.busyKeys()).isZero();
  }

  @Test
  void tasksWithoutAKeyAreNotSerialised() {
    ManualExecutor pool = new ManualExecutor();
    KeyedSerialExecutor serial = new KeyedSerialExecutor(pool);
    serial.submit(null, done -> {});
    serial.submit(null, done -> {});
    assertThat(pool.size()).isEqualTo(2);
    assertThat(serial.busyKeys()).isZero();
  }
}
