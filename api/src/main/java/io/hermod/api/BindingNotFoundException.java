package io.hermod.api;

import java.util.List;

/**
 * No usable binding: none on the class path, several and none chosen, or the chosen name unknown.
 * The message says which artifact to add or which key to set.
 *
 * @since 0.1
 */
public class BindingNotFoundException extends ConfigurationException {

  /**
   * Creates an exception.
   *
   * @param problem what is wrong and how to fix it
   */
  public BindingNotFoundException(String problem) {
    super("hermod.binding", List.of(problem));
  }
}
