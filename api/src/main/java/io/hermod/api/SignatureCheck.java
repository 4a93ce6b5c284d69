package io.hermod.api;

/**
 * How a publisher judged the signature of a {@link Confirmation} it received.
 *
 * @since 0.4
 */
public enum SignatureCheck {
  /** No public key is configured for its subscription: accepted as it is, signed or not. */
  NOT_REQUIRED,
  /** It verifies against the public key configured for its subscription. */
  VALID,
  /** A key is configured for its subscription but the confirmation carries no signature. */
  MISSING,
  /** A key is configured for its subscription and the signature does not verify against it. */
  INVALID
}
