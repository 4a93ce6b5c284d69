package io.hermod.binding.artemis.internal;

import io.hermod.spi.support.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import org.jspecify.annotations.Nullable;

/**
 * Opens the configured trust and key stores when the settings are read, so a missing file, a
 * wrong password or a wrong type fails at creation naming the key, instead of surfacing at
 * start as a connection that "cannot connect". Stateless and thread-safe.
 */
final class TlsStores {

  private TlsStores() {}

  /**
   * Opens a store as the client will, reporting each problem through {@code s}.
   *
   * @param s the settings collecting problems
   * @param what {@code "trust store"} or {@code "key store"}
   * @param pathKey the relative key of the path
   * @param path the path, or {@code null} if not set (nothing to check)
   * @param passwordKey the relative key of the password
   * @param password the password, or {@code null}
   * @param typeKey the relative key of the type
   * @param type the store type
   * @return the opened store, or {@code null} if it is not set or cannot be opened
   */
  static @Nullable KeyStore open(
      Settings s,
      String what,
      String pathKey,
      @Nullable String path,
      String passwordKey,
      @Nullable String password,
      String typeKey,
      String type) {
    if (path == null) {
      return null;
    }
    String setting = s.key(pathKey) + "=" + path;
    Path file = Path.of(path);
    if (!Files.isRegularFile(file)) {
      s.problem(
          "the "
              + what
              + " "
              + setting
              + (Files.exists(file) ? " is not a regular file" : " does not exist")
              + ": set it to the path of a "
              + type
              + " file");
      return null;
    }
    KeyStore store;
    try {
      store = KeyStore.getInstance(type);
    } catch (KeyStoreException e) {
      s.problem(
          s.key(typeKey)
              + "="
              + type
              + " is not a key store type this JVM knows: use PKCS12 (the default) or JKS");
      return null;
    }
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password == null ? null : password.toCharArray());
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        s.problem(
            "the "
                + what
                + " "
                + setting
                + " does not open with "
                + (password == null ? "no password" : "the password in " + s.key(passwordKey))
                + " (wrong password): set "
                + s.key(passwordKey)
                + " to the store's password");
      } else if (!Files.isReadable(file)) {
        s.problem("the " + what + " " + setting + " is not readable by this process: fix its permissions");
      } else {
        s.problem(
            "the "
                + what
                + " "
                + setting
                + " cannot be read as "
                + s.key(typeKey)
                + "="
                + type
                + " ("
                + e.getMessage()
                + "): check the file, its password in "
                + s.key(passwordKey)
                + " and its type");
      }
      return null;
    } catch (GeneralSecurityException e) {
      s.problem(
          "the " + what + " " + setting + " cannot be loaded (" + e + "): check the file and its type");
      return null;
    }
    try {
      if (store.size() == 0) {
        s.problem(
            "the "
                + what
                + " "
                + setting
                + " is empty"
                + (password == null
                    ? " when opened without a password: set " + s.key(passwordKey)
                    : ": add the "
                        + ("trust store".equals(what) ? "broker's certificate" : "client's key")
                        + " to it (keytool)"));
        return null;
      }
    } catch (KeyStoreException e) {
      // Loaded above, so size() cannot fail; nothing more to check.
    }
    return store;
  }
}
