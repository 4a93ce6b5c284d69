package io.hermod.tck;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Snapshots of the live threads Hermod names {@code hermod-*}, to check that closing a facade
 * releases them. Stateless and thread-safe.
 */
final class HermodThreads {

  /** The name prefix core and bindings give their threads. */
  static final String PREFIX = "hermod-";

  private HermodThreads() {}

  /**
   * The live {@code hermod-*} threads now.
   *
   * @return a new set, never {@code null}
   */
  static Set<Thread> live() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(PREFIX))
        .collect(Collectors.toSet());
  }

  /**
   * The threads of {@code threads} still alive.
   *
   * @param threads threads seen earlier
   * @return their names, sorted, never {@code null}
   */
  static java.util.List<String> stillAlive(Set<Thread> threads) {
    return threads.stream().filter(Thread::isAlive).map(Thread::getName).sorted().toList();
  }
}
