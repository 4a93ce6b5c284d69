package io.hermod.spi.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Opens a TLS trust or key store the way a broker client will, when a binding reads its settings,
 * so that a missing file, a wrong password, a wrong type or a trust store without certificates is
 * reported with the Hermod key to fix, instead of as the client's own failure at start ("Failed to
 * create new KafkaAdminClient", "cannot connect"). Every binding with TLS settings checks its
 * stores here, so they all say the same thing. Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class TlsStoreFiles {

  /**
   * Which store, and the keys that configure it.
   *
   * @param what what the store is for, e.g. {@code trust store holding the brokers' CA}
   * @param locationKey the full key of the path, e.g. {@code hermod.kafka.tls.truststore-location}
   * @param location the path as configured
   * @param passwordKey the full key of the store password
   * @param password the password, or {@code null} if not set; never shown in a message
   * @param typeKey the full key of the store type
   * @param type the store type, e.g. {@code PKCS12}
   * @param needsCertificates whether the store must hold a certificate (a trust store does)
   */
  public record Store(
      String what,
      String locationKey,
      String location,
      String passwordKey,
      @Nullable String password,
      String typeKey,
      String type,
      boolean needsCertificates) {}

  private TlsStoreFiles() {}

  /**
   * What is wrong with a store, if anything.
   *
   * @param store the store and its keys
   * @return the problem, naming the key, the value (never the password) and the fix; empty if the
   *     store opens and holds what it must
   */
  public static Optional<String> problem(Store store) {
    Path path;
    try {
      path = Path.of(store.location());
    } catch (InvalidPathException e) {
      return Optional.of(
          store.locationKey() + "='" + store.location() + "' is not a file path: " + e.getReason());
    }
    String shown = store.locationKey() + "=" + store.location();
    if (!Files.exists(path)) {
      return Optional.of(
          shown
              + ": no such file ("
              + path.toAbsolutePath()
              + "): set it to the path of the "
              + store.what()
              + " (a "
              + store.type()
              + " file)");
    }
    if (Files.isDirectory(path)) {
      return Optional.of(shown + " is a directory: set it to the " + store.what() + " file itself");
    }
    if (!Files.isReadable(path)) {
      return Optional.of(
          shown
              + ": this process may not read the file: give it read permission, or copy the store");
    }
    KeyStore keyStore;
    try {
      keyStore = KeyStore.getInstance(store.type());
    } catch (KeyStoreException e) {
      return Optional.of(
          store.typeKey()
              + "="
              + store.type()
              + " is not a store type this JVM knows: use PKCS12 (the default) or JKS");
    }
    char[] password = store.password() == null ? null : store.password().toCharArray();
    try (InputStream in = Files.newInputStream(path)) {
      keyStore.load(in, password);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        return Optional.of(
            shown
                + " does not open with "
                + store.passwordKey()
                + (store.password() == null ? " (not set)" : "")
                + ": the password is wrong; set the store's password there");
      }
      return Optional.of(
          shown
              + " cannot be read as "
              + store.typeKey()
              + "="
              + store.type()
              + " ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "): check the type (PKCS12 or JKS) and "
              + store.passwordKey());
    } catch (GeneralSecurityException e) {
      return Optional.of(
          shown + " cannot be read as a " + store.type() + " store (" + e.getMessage() + ")");
    }
    if (store.needsCertificates() && !hasCertificate(keyStore)) {
      return Optional.of(
          shown
              + " holds no certificate that can be read"
              + (store.password() == null
                  ? ": set "
                      + store.passwordKey()
                      + " (a PKCS12 store hides its certificates without it)"
                  : ": import the CA certificate that signed the brokers' certificates into it"));
    }
    return Optional.empty();
  }

  private static boolean hasCertificate(KeyStore keyStore) {
    try {
      for (String alias : Collections.list(keyStore.aliases())) {
        if (keyStore.getCertificate(alias) != null) {
          return true;
        }
      }
      return false;
    } catch (KeyStoreException e) {
      return false;
    }
  }
}
