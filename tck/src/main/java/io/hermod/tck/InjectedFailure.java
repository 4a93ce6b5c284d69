package io.hermod.tck;

/**
 * The error the kit's handlers throw on purpose. Its own class, so a dead-letter header naming the
 * error class can be checked against exactly this name.
 */
final class InjectedFailure extends RuntimeException {

  InjectedFailure(String message) {
    super(message);
  }
}
