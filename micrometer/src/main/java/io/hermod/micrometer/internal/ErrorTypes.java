package io.hermod.micrometer.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Meters per {@code error.type}, made once per exception class. The type is what the semantic
 * conventions recommend for an exception: its fully qualified class name (low cardinality), of the
 * cause where the error only wraps it for a future.
 *
 * @param <T> the meters of one error type
 */
final class ErrorTypes<T> {

  private final ConcurrentHashMap<Class<?>, T> byClass = new ConcurrentHashMap<>();
  private final Function<String, T> create;

  /**
   * @param create makes the meters for an {@code error.type} value
   */
  ErrorTypes(Function<String, T> create) {
    this.create = create;
  }

  /** The meters for the error's type. */
  T of(Throwable error) {
    Class<?> type = unwrap(error).getClass();
    T meters = byClass.get(type);
    return meters != null ? meters : byClass.computeIfAbsent(type, t -> create.apply(t.getName()));
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
