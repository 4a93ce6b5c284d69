package io.hermod.api;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one entry of a batch send: a receipt or the error that stopped that entry.
 *
 * @param messageId the entry's message id
 * @param receipt the receipt if the entry was accepted, else {@code null}
 * @param error the failure if the entry was not accepted, else {@code null}
 * @since 0.1
 */
public record SendResult(String messageId, @Nullable Receipt receipt, @Nullable Throwable error) {

  /**
   * Whether the entry was accepted.
   *
   * @return {@code true} when a receipt is present
   */
  public boolean isSuccess() {
    return receipt != null;
  }
}
