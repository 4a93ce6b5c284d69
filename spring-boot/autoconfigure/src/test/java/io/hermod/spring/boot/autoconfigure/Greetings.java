package io.hermod.spring.boot.autoconfigure;

import io.hermod.api.Publishes;
import io.hermod.api.Receipt;

/** A client interface the tests inject. */
@Publishes(channel = "greetings")
public interface Greetings {

  /**
   * Sends a greeting, waiting for the broker's confirmation.
   *
   * @param text the greeting
   * @return the receipt
   */
  Receipt send(String text);
}
