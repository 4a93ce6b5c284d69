package io.hermod.cli.internal;

import io.hermod.tck.BrokerFixture;
import io.hermod.tck.MessagingCompatibilityKit;
import org.jspecify.annotations.Nullable;

/**
 * The kit as {@code hermod tck} runs it: JUnit instantiates this class, so its fixture comes from a
 * static holder that {@link TckCommand} sets before launching. Public only because JUnit
 * instantiates it; one launch at a time per JVM.
 */
public final class CliCompatibilityKit extends MessagingCompatibilityKit {

  private static volatile @Nullable BrokerFixture current;

  /** For JUnit. */
  public CliCompatibilityKit() {}

  /**
   * Sets the fixture the next launch runs against.
   *
   * @param fixture the fixture, or {@code null} to clear it after the launch
   */
  static void use(@Nullable BrokerFixture fixture) {
    current = fixture;
  }

  @Override
  protected BrokerFixture fixture() {
    BrokerFixture f = current;
    if (f == null) {
      throw new IllegalStateException("no fixture: run the kit through 'hermod tck'");
    }
    return f;
  }
}
