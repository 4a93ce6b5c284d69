package io.hermod.spi.support;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The TLS settings of a binding whose client takes trust and key stores ({@code
 * hermod.<binding>.tls.*}): the keys, read and checked once here so that every such binding
 * declares, documents and reports them the same way. A binding declares its own {@code tls.enabled}
 * key (what turns TLS on differs: a URI scheme may too) and {@link #STORE_KEYS}.
 *
 * @param enabled whether to connect with TLS
 * @param trustStore the trust store path, or {@code null} for the JVM's default
 * @param trustStorePassword its password, or {@code null}
 * @param trustStoreType its type
 * @param keyStore the key store path for client authentication, or {@code null}
 * @param keyStorePassword its password, or {@code null}
 * @param keyStoreType its type
 * @param verifyHost whether the broker's certificate must name the host connected to
 * @since 0.3
 */
public record TlsSettings(
    boolean enabled,
    @Nullable String trustStore,
    @Nullable String trustStorePassword,
    String trustStoreType,
    @Nullable String keyStore,
    @Nullable String keyStorePassword,
    String keyStoreType,
    boolean verifyHost) {

  /** The trust store path. */
  public static final ConfigKey<String> TRUST_STORE =
      ConfigKey.string(
              "tls.trust-store", null, "the trust store holding the broker's certificate or its CA")
          .defaultShownAs("the JVM's default");

  /** The trust store's password. */
  public static final ConfigKey<String> TRUST_STORE_PASSWORD =
      ConfigKey.secret("tls.trust-store-password", "the trust store's password");

  /** The trust store's type. */
  public static final ConfigKey<String> TRUST_STORE_TYPE =
      ConfigKey.string("tls.trust-store-type", "PKCS12", "the trust store's type");

  /** The key store path, for client authentication. */
  public static final ConfigKey<String> KEY_STORE =
      ConfigKey.string(
          "tls.key-store",
          null,
          "the key store holding this client's key and certificate, for client authentication");

  /** The key store's password. */
  public static final ConfigKey<String> KEY_STORE_PASSWORD =
      ConfigKey.secret("tls.key-store-password", "the key store's password");

  /** The key store's type. */
  public static final ConfigKey<String> KEY_STORE_TYPE =
      ConfigKey.string("tls.key-store-type", "PKCS12", "the key store's type");

  /** Whether the broker's certificate must name the host. */
  public static final ConfigKey<Boolean> VERIFY_HOST =
      ConfigKey.bool(
          "tls.verify-host",
          true,
          "whether the broker's certificate must name the host connected to");

  /** Every key above, in the order the configuration reference lists them. */
  public static final List<ConfigKey<?>> STORE_KEYS =
      List.of(
          TRUST_STORE,
          TRUST_STORE_PASSWORD,
          TRUST_STORE_TYPE,
          KEY_STORE,
          KEY_STORE_PASSWORD,
          KEY_STORE_TYPE,
          VERIFY_HOST);

  /**
   * Reads the TLS settings and records in {@code s} what is wrong with them: stores set with TLS
   * off, and, with TLS on, stores that do not open with their password and type or a trust store
   * without certificates.
   *
   * @param s the binding's settings
   * @param enabledKey the binding's own {@code tls.enabled} key, named in the messages
   * @param enabled whether TLS is on (the key, or whatever else turns it on)
   * @param enableHint how to turn it on, e.g. {@code =true (or use an amqps:// URI)}
   * @return the settings, never {@code null}
   */
  public static TlsSettings read(
      Settings s, ConfigKey<Boolean> enabledKey, boolean enabled, String enableHint) {
    TlsSettings tls =
        new TlsSettings(
            enabled,
            s.find(TRUST_STORE).orElse(null),
            s.find(TRUST_STORE_PASSWORD).orElse(null),
            s.get(TRUST_STORE_TYPE),
            s.find(KEY_STORE).orElse(null),
            s.find(KEY_STORE_PASSWORD).orElse(null),
            s.get(KEY_STORE_TYPE),
            s.get(VERIFY_HOST));
    tls.check(s, enabledKey, enableHint);
    return tls;
  }

  private void check(Settings s, ConfigKey<Boolean> enabledKey, String enableHint) {
    if (!enabled && (trustStore != null || keyStore != null)) {
      s.problem(
          s.key(TRUST_STORE)
              + " / "
              + s.key(KEY_STORE)
              + " are set but "
              + s.key(enabledKey)
              + " is not true: set "
              + s.key(enabledKey)
              + enableHint
              + " to use them");
    }
    if (!enabled) {
      return;
    }
    if (trustStore != null) {
      TlsStoreFiles.problem(
              new TlsStoreFiles.Store(
                  "trust store holding the broker's certificate or its CA",
                  s.key(TRUST_STORE),
                  trustStore,
                  s.key(TRUST_STORE_PASSWORD),
                  trustStorePassword,
                  s.key(TRUST_STORE_TYPE),
                  trustStoreType,
                  true))
          .ifPresent(s::problem);
    }
    if (keyStore != null) {
      TlsStoreFiles.problem(
              new TlsStoreFiles.Store(
                  "key store holding this client's key and certificate",
                  s.key(KEY_STORE),
                  keyStore,
                  s.key(KEY_STORE_PASSWORD),
                  keyStorePassword,
                  s.key(KEY_STORE_TYPE),
                  keyStoreType,
                  false))
          .ifPresent(s::problem);
    }
  }

  /** Never shows a password. */
  @Override
  public String toString() {
    return enabled
        ? "tls(trustStore="
            + trustStore
            + ", keyStore="
            + keyStore
            + ", verifyHost="
            + verifyHost
            + ")"
        : "none";
  }
}
