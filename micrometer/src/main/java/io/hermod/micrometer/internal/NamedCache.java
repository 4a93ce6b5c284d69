package io.hermod.micrometer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Values by binding, channel and subscription name. Keyed by the names rather than by the {@code
 * Endpoint}: they are exactly what the meters' tags are made of, and a lookup hashes three strings
 * whose hashes the JVM caches, where an {@code Endpoint}'s hash would walk (and box) every channel
 * setting on every message. Reads take no lock and allocate nothing; creating and removing are
 * serialized so a value created while its binding closes cannot be left behind untracked.
 *
 * @param <T> the cached value
 */
final class NamedCache<T> {

  private final Map<String, Map<String, Map<String, T>>> byBinding = new ConcurrentHashMap<>();

  /** The value, or {@code null} if none is cached. */
  @Nullable T find(String binding, String channel, String part) {
    Map<String, Map<String, T>> byChannel = byBinding.get(binding);
    if (byChannel == null) {
      return null;
    }
    Map<String, T> byPart = byChannel.get(channel);
    return byPart == null ? null : byPart.get(part);
  }

  /** The value, created once if missing. */
  synchronized T findOrCreate(String binding, String channel, String part, Supplier<T> create) {
    return byBinding
        .computeIfAbsent(binding, b -> new ConcurrentHashMap<>())
        .computeIfAbsent(channel, c -> new ConcurrentHashMap<>())
        .computeIfAbsent(part, p -> create.get());
  }

  /** Removes and returns the value, {@code null} if none was cached. */
  synchronized @Nullable T remove(String binding, String channel, String part) {
    Map<String, Map<String, T>> byChannel = byBinding.get(binding);
    if (byChannel == null) {
      return null;
    }
    Map<String, T> byPart = byChannel.get(channel);
    if (byPart == null) {
      return null;
    }
    T removed = byPart.remove(part);
    if (byPart.isEmpty()) {
      byChannel.remove(channel);
    }
    if (byChannel.isEmpty()) {
      byBinding.remove(binding);
    }
    return removed;
  }

  /** Removes and returns every value of the binding. */
  synchronized List<T> removeBinding(String binding) {
    Map<String, Map<String, T>> byChannel = byBinding.remove(binding);
    List<T> removed = new ArrayList<>();
    if (byChannel != null) {
      byChannel.values().forEach(byPart -> removed.addAll(byPart.values()));
    }
    return removed;
  }
}
