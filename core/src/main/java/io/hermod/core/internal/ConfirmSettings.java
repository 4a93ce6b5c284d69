package io.hermod.core.internal;

import io.hermod.api.Confirmation;
import io.hermod.spi.support.ConfigKey;
import io.hermod.spi.support.Settings;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The settings of processing confirmations, under {@code hermod.confirm.}: this instance's name in
 * the confirmations it sends, its signing key, the public keys it verifies others' confirmations
 * with, and an optional durable confirmation channel.
 *
 * @param instance the name this instance signs its confirmations with
 * @param signingKey the Ed25519 key this instance signs with, or {@code null} (unsigned)
 * @param verifyKeys the Ed25519 public key of each subscription whose confirmations must be signed
 * @param channel the durable confirmation channel, or {@code null} for a temporary one per facade
 */
public record ConfirmSettings(
    String instance,
    @Nullable PrivateKey signingKey,
    Map<String, PublicKey> verifyKeys,
    @Nullable String channel) {

  /** The full prefix. */
  public static final String PREFIX = CoreConfig.PREFIX + "confirm.";

  static final ConfigKey<String> INSTANCE =
      ConfigKey.string(
              "instance",
              null,
              "the consumer instance named in the processing confirmations it sends")
          .defaultShownAs("pid-<process id>-<random>");
  static final ConfigKey<String> SIGNING_KEY =
      ConfigKey.secret(
          "signing-key",
          "this instance's Ed25519 private key (Base64 PKCS#8) signing the confirmations it sends");
  static final ConfigKey<Map<String, String>> VERIFY_KEYS =
      ConfigKey.passThrough(
          "verify-keys.",
          "hermod.confirm.verify-keys.<subscription>: the Ed25519 public key (Base64 X.509) whose"
              + " signature a confirmation of that subscription must carry to count");
  static final ConfigKey<String> CHANNEL =
      ConfigKey.string(
              "channel",
              null,
              "a durable queue receiving this publisher's confirmations, also after a restart"
                  + " (see ConfirmationListener)")
          .defaultShownAs("a temporary queue per facade");

  /** Every key, relative to {@link #PREFIX}, in the order the reference lists them. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(INSTANCE, SIGNING_KEY, VERIFY_KEYS, CHANNEL);

  static ConfirmSettings defaults() {
    return new ConfirmSettings(defaultInstance(), null, Map.of(), null);
  }

  private static String defaultInstance() {
    return "pid-"
        + ProcessHandle.current().pid()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Reads the settings, adding every problem to {@code problems}.
   *
   * @param properties every merged property, full keys
   * @param problems receives each problem
   */
  static ConfirmSettings read(Map<String, String> properties, List<String> problems) {
    Map<String, String> relative = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(PREFIX)) {
            relative.put(k.substring(PREFIX.length()), v);
          }
        });
    if (relative.isEmpty()) {
      return defaults();
    }
    Settings s = Settings.of("processing confirmations", PREFIX, relative, KEYS);
    String instance = s.find(INSTANCE).orElseGet(ConfirmSettings::defaultInstance);
    PrivateKey signing = null;
    String encoded = s.find(SIGNING_KEY).orElse(null);
    if (encoded != null) {
      try {
        signing =
            KeyFactory.getInstance(Confirmation.ALGORITHM)
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        s.problem(
            s.key(SIGNING_KEY)
                + " is not a Base64 PKCS#8 Ed25519 private key ("
                + e.getClass().getSimpleName()
                + "); set it to Base64 of KeyPairGenerator.getInstance(\"Ed25519\")"
                + ".generateKeyPair().getPrivate().getEncoded()");
      }
    }
    Map<String, PublicKey> verify = new LinkedHashMap<>();
    s.get(VERIFY_KEYS)
        .forEach(
            (subscription, value) -> {
              try {
                verify.put(
                    subscription,
                    KeyFactory.getInstance(Confirmation.ALGORITHM)
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(value))));
              } catch (GeneralSecurityException | IllegalArgumentException e) {
                s.problem(
                    PREFIX
                        + "verify-keys."
                        + subscription
                        + " is not a Base64 X.509 Ed25519 public key ("
                        + e.getClass().getSimpleName()
                        + "); set it to Base64 of the consumer's PublicKey.getEncoded()");
              }
            });
    String channel = s.find(CHANNEL).orElse(null);
    try {
      s.validate();
    } catch (io.hermod.api.ConfigurationException e) {
      problems.addAll(e.problems());
    }
    return new ConfirmSettings(instance, signing, Map.copyOf(verify), channel);
  }

  @Override
  public String toString() {
    // Never the private key.
    return "ConfirmSettings[instance="
        + instance
        + ", signing="
        + (signingKey != null)
        + ", verifyKeys="
        + verifyKeys.keySet()
        + ", channel="
        + channel
        + "]";
  }
}
