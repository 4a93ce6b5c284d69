package io.hermod.tck;

/** What every scenario group sees: the kit's shared support. */
interface Scenarios {

  /**
   * The support of the running kit.
   *
   * @return the support, never {@code null}
   */
  TckSupport tck();
}
