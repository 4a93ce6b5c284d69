package io.hermod.api;

import java.util.List;

/**
 * One page of {@link DeadLetters#browse}: the selected dead letters from an offset on. Immutable.
 *
 * @param letters the dead letters of this page, oldest failure first, then by id (one per message
 *     id)
 * @param offset how many selected dead letters came before this page
 * @param hasMore whether more selected dead letters follow
 * @since 0.5
 */
public record DeadLetterPage(List<DeadLetter> letters, int offset, boolean hasMore) {

  /** Copies the list. */
  public DeadLetterPage {
    letters = List.copyOf(letters);
  }
}
