package io.hermod.spi.support;

import io.hermod.api.MessagingException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The one shape of a binding's error translation: broker-client failures in, Hermod exceptions
 * naming the binding, the channel, what was being done and the fix out. The final {@link
 * #translate} unwraps {@link CompletionException} / {@link ExecutionException} and passes a {@link
 * MessagingException} through unchanged; a binding fills in {@link #translateClientFailure} with
 * what its client's exceptions mean. Implementations are thread-safe.
 *
 * @since 0.2
 */
public abstract class BindingErrors {

  private final String binding;

  /**
   * For subclasses.
   *
   * @param binding the binding's name, named in every exception
   */
  protected BindingErrors(String binding) {
    this.binding = binding;
  }

  /**
   * The binding's name, as the exceptions carry it.
   *
   * @return e.g. {@code kafka}, never {@code null}
   */
  public final String binding() {
    return binding;
  }

  /**
   * The Hermod exception for a failure.
   *
   * @param failure the failure, possibly wrapped by a future
   * @param channel the channel involved, or {@code null}
   * @param action what was being done, e.g. {@code "send"}
   * @return the exception to throw or complete a future with, never {@code null}
   */
  public final MessagingException translate(
      Throwable failure, @Nullable String channel, String action) {
    Throwable cause = unwrap(failure);
    if (cause instanceof MessagingException m) {
      return m;
    }
    return translateClientFailure(cause, channel, action);
  }

  /**
   * What a broker-client failure means, with the fix.
   *
   * @param cause the failure, unwrapped, never a {@link MessagingException}
   * @param channel the channel involved, or {@code null}
   * @param action what was being done, e.g. {@code "send"}
   * @return the exception, never {@code null}
   */
  protected abstract MessagingException translateClientFailure(
      Throwable cause, @Nullable String channel, String action);

  /**
   * The failure a future wrapped.
   *
   * @param failure a failure
   * @return its cause where {@code failure} is only a {@link CompletionException} or {@link
   *     ExecutionException} wrapper, else {@code failure}
   */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null
        && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * The innermost type of a cause chain with the innermost message: the part that says what
   * happened.
   *
   * @param failure a failure
   * @return e.g. {@code ConnectException: Connection refused}, never {@code null}
   */
  public static String rootCause(Throwable failure) {
    Throwable root = failure;
    String message = failure.getMessage();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      root = t;
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
