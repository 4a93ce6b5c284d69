package io.hermod.api;

/**
 * Whether a binding can currently reach its broker.
 *
 * @param status up or down
 * @param detail a human-readable reason, never {@code null}; never contains credentials
 * @since 0.1
 */
public record Health(Status status, String detail) {

  /** The two states. */
  public enum Status {
    /** The broker is reachable. */
    UP,
    /** The broker is not reachable. */
    DOWN
  }

  /**
   * Up, with a detail.
   *
   * @param detail the detail
   * @return the health, never {@code null}
   */
  public static Health up(String detail) {
    return new Health(Status.UP, detail);
  }

  /**
   * Down, with the reason.
   *
   * @param detail the reason
   * @return the health, never {@code null}
   */
  public static Health down(String detail) {
    return new Health(Status.DOWN, detail);
  }

  /**
   * Whether the status is up.
   *
   * @return {@code true} when up
   */
  public boolean isUp() {
    return status == Status.UP;
  }
}
