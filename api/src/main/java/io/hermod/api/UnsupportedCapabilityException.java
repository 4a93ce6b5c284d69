package io.hermod.api;

/**
 * A channel asked for something its binding cannot keep (for example exactly-once on a binding
 * without it). Raised at declaration, never as a silent downgrade.
 *
 * @since 0.1
 */
public class UnsupportedCapabilityException extends MessagingException {

  private final Capability capability;

  /**
   * Creates an exception.
   *
   * @param binding the binding name
   * @param channel the channel name
   * @param capability the missing capability
   * @param message what was asked, and the alternative
   */
  public UnsupportedCapabilityException(
      String binding, String channel, Capability capability, String message) {
    super(binding, channel, message, null);
    this.capability = capability;
  }

  /**
   * The capability the binding lacks.
   *
   * @return the capability, never {@code null}
   */
  public Capability capability() {
    return capability;
  }
}
