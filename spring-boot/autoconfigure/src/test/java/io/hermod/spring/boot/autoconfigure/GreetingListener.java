package io.hermod.spring.boot.autoconfigure;

import io.hermod.api.MessageListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener bean the tests register. */
public class GreetingListener {

  private final List<String> received = new CopyOnWriteArrayList<>();

  /**
   * Records a greeting.
   *
   * @param text the greeting
   */
  @MessageListener(channel = "greetings", subscription = "test")
  public void on(String text) {
    received.add(text);
  }

  /**
   * What arrived.
   *
   * @return the greetings
   */
  public List<String> received() {
    return received;
  }
}
