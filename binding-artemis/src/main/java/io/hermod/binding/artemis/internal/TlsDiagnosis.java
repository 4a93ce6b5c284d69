package io.hermod.binding.artemis.internal;

import static io.hermod.binding.artemis.internal.ArtemisSettings.fullKey;

import io.hermod.spi.support.Settings;
import io.hermod.spi.support.TlsSettings;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Finds out why a TLS connection to the broker fails. The Artemis client reports a failed TLS
 * handshake only as "cannot connect to server(s)" (the cause goes to its log), so the binding makes
 * one handshake of its own, with the same stores and host verification, to the first host of the
 * URL, and names the TLS setting and the cause: a trust store without the broker's certificate
 * (PKIX), a certificate that does not name the host, a plaintext acceptor. Runs beside the start's
 * connection attempts, within the same connect timeout. Stateless.
 */
final class TlsDiagnosis {

  private static final Pattern FIRST_HOST =
      Pattern.compile("(?i)[a-z]+://(\\[[^\\]]+\\]|[^:/?&,()\\[\\]]+)(?::(\\d+))?");

  private static final int DEFAULT_PORT = 61616;

  private TlsDiagnosis() {}

  /**
   * Makes a TLS handshake with the first broker of the URL and explains its failure.
   *
   * @param settings the binding's settings, TLS enabled
   * @param connectTimeout the connect timeout the deadline was computed from, for the message
   * @param deadline the {@link System#nanoTime()} by which the handshake must be done
   * @return the cause and the fix, naming the setting, or {@code null} if the handshake succeeded
   *     or failed for a reason that is not TLS (e.g. nothing listens)
   */
  static @Nullable String diagnose(
      ArtemisSettings settings, Duration connectTimeout, long deadline) {
    Matcher m = FIRST_HOST.matcher(settings.url());
    if (!m.find()) {
      return null;
    }
    String host =
        m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
    int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
    String where = host + ":" + port;
    TlsSettings tls = settings.tls();
    SSLContext context;
    try {
      context = context(tls);
    } catch (IOException | GeneralSecurityException e) {
      return "the TLS stores cannot be opened now ("
          + e
          + "); check "
          + fullKey(TlsSettings.TRUST_STORE)
          + " and "
          + fullKey(TlsSettings.KEY_STORE);
    }
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), millisLeft(deadline));
      // One timeout for the whole handshake: each read may take only what is left.
      plain.setSoTimeout(millisLeft(deadline));
      try (SSLSocket ssl =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
        if (tls.verifyHost()) {
          SSLParameters p = ssl.getSSLParameters();
          p.setEndpointIdentificationAlgorithm("HTTPS");
          ssl.setSSLParameters(p);
        }
        ssl.startHandshake();
        return null;
      }
    } catch (ConnectException e) {
      return null;
    } catch (SocketTimeoutException e) {
      return notTls(
          where,
          "it did not answer the TLS handshake within " + Settings.formatDuration(connectTimeout));
    } catch (IOException e) {
      return explain(settings, where, e);
    }
  }

  private static String explain(ArtemisSettings settings, String where, IOException e) {
    TlsSettings tls = settings.tls();
    Throwable pkix = find(e, CertPathBuilderException.class, CertPathValidatorException.class);
    if (pkix != null) {
      String store =
          tls.trustStore() == null
              ? "the JVM's default trust store ("
                  + fullKey(TlsSettings.TRUST_STORE)
                  + " is not set)"
              : "the trust store " + fullKey(TlsSettings.TRUST_STORE) + "=" + tls.trustStore();
      return store
          + " does not contain the broker's certificate or its CA (PKIX path building failed: "
          + firstLine(pkix)
          + "); import the broker's certificate into it (keytool -importcert) or point "
          + fullKey(TlsSettings.TRUST_STORE)
          + " at a store that has it";
    }
    Throwable name = find(e, CertificateException.class);
    if (name != null && tls.verifyHost()) {
      return "the broker's certificate does not name the host of "
          + fullKey(ArtemisSettings.URL)
          + " ("
          + firstLine(name)
          + "); connect by a name the certificate has, re-issue it with that name, or set "
          + fullKey(TlsSettings.VERIFY_HOST)
          + "=false";
    }
    String message = String.valueOf(e.getMessage());
    if (e instanceof EOFException
        || e instanceof SocketException
        || find(e, EOFException.class) != null
        || message.contains("Unsupported or unrecognized SSL message")
        || message.contains("Remote host terminated")) {
      return notTls(where, "it closed the connection on the TLS handshake (" + message + ")");
    }
    if (e instanceof SSLException) {
      return "the TLS handshake with "
          + where
          + " failed ("
          + message
          + "); check "
          + fullKey(TlsSettings.KEY_STORE)
          + " (the broker may want a client certificate)"
          + " and the TLS settings of the broker's acceptor";
    }
    return null;
  }

  private static int millisLeft(long deadline) {
    long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
  }

  private static String notTls(String where, String what) {
    return fullKey(ArtemisSettings.TLS_ENABLED)
        + "=true but "
        + where
        + " is not a TLS acceptor: "
        + what
        + "; point "
        + fullKey(ArtemisSettings.URL)
        + " at the broker's TLS acceptor, or set "
        + fullKey(ArtemisSettings.TLS_ENABLED)
        + "=false for a plaintext one";
  }

  @SafeVarargs
  private static @Nullable Throwable find(Throwable error, Class<? extends Throwable>... types) {
    Throwable t = error;
    for (int i = 0; t != null && i < 12; i++, t = t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return t;
        }
      }
    }
    return null;
  }

  private static String firstLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static SSLContext context(TlsSettings tls) throws IOException, GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load(tls.trustStore(), tls.trustStorePassword(), tls.trustStoreType()));
    KeyManagerFactory kmf = null;
    if (tls.keyStore() != null) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      String pw = tls.keyStorePassword();
      kmf.init(load(tls.keyStore(), pw, tls.keyStoreType()), pw == null ? null : pw.toCharArray());
    }
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return c;
  }

  private static @Nullable KeyStore load(
      @Nullable String path, @Nullable String password, String type)
      throws IOException, GeneralSecurityException {
    if (path == null) {
      return null;
    }
    KeyStore ks = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      ks.load(in, password == null ? null : password.toCharArray());
    }
    return ks;
  }
}
