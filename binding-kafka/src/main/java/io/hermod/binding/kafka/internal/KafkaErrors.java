package io.hermod.binding.kafka.internal;

import io.hermod.api.AuthenticationException;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.api.MessageTooLargeException;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.spi.support.BindingErrors;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Translates kafka-clients errors into Hermod's exceptions, each naming the binding, the channel
 * and the fix. Stateless and thread-safe.
 */
final class KafkaErrors extends BindingErrors {

  private static final Pattern CONFIG_NAME = Pattern.compile("for configuration ([A-Za-z0-9._-]+)");

  private final String servers;
  private final Function<String, String> origin;

  /**
   * @param servers the bootstrap servers, for messages
   * @param origin the Hermod key that set a native property (see {@link KafkaSettings#origin})
   */
  KafkaErrors(String servers, Function<String, String> origin) {
    super(KafkaBindingProvider.NAME);
    this.servers = servers;
    this.origin = origin;
  }

  @Override
  protected MessagingException translateClientFailure(
      Throwable e, @Nullable String channel, String what) {
    if (e instanceof SslAuthenticationException) {
      // A subtype of AuthenticationException, but about certificates, not credentials.
      return new ConnectionException(
          binding(),
          channel,
          what
              + " failed: the TLS handshake with the Kafka broker at "
              + servers
              + " failed: "
              + handshakeCause(e)
              + "; "
              + TLS_FIX,
          e);
    }
    if (e instanceof org.apache.kafka.common.errors.AuthenticationException) {
      return new AuthenticationException(
          binding(),
          channel,
          what
              + " failed: the Kafka broker at "
              + servers
              + " refused the credentials ("
              + e.getClass().getSimpleName()
              + "); check "
              + KafkaSettings.key(KafkaSettings.USERNAME)
              + ", "
              + KafkaSettings.key(KafkaSettings.PASSWORD)
              + " and "
              + KafkaSettings.key(KafkaSettings.AUTH_MECHANISM),
          e);
    }
    if (e instanceof AuthorizationException) {
      return new AuthenticationException(
          binding(),
          channel,
          what + " failed: not authorized (" + e.getMessage() + "); grant the user the ACLs needed",
          e);
    }
    if (e instanceof InvalidReplicationFactorException) {
      return new ConfigurationException(
          binding(),
          channel,
          what + " failed",
          List.of(
              KafkaSettings.key(KafkaSettings.REPLICATION_FACTOR)
                  + " asks for more replicas than the Kafka cluster at "
                  + servers
                  + " has brokers ("
                  + e.getMessage()
                  + "); set it to at most the number of brokers, or -1 for the broker's"
                  + " default.replication.factor"));
    }
    if (e instanceof NotEnoughReplicasException
        || e instanceof NotEnoughReplicasAfterAppendException) {
      return new ConnectionException(
          binding(),
          channel,
          what
              + " failed: fewer replicas are in sync than the topic's min.insync.replicas ("
              + e.getMessage()
              + "), so the record cannot be kept as a receipt promises; bring the Kafka brokers"
              + " at "
              + servers
              + " back, or lower "
              + KafkaSettings.key(KafkaSettings.MIN_INSYNC_REPLICAS)
              + " for new topics (kafka-configs --alter for existing ones)",
          e);
    }
    if (e instanceof RecordTooLargeException) {
      return new MessageTooLargeException(
          binding(),
          channel,
          what
              + " failed: the record is larger than the broker or producer accepts ("
              + e.getMessage()
              + "); keep payloads within "
              + KafkaSettings.key(KafkaSettings.MAX_PAYLOAD_BYTES),
          e);
    }
    if (e instanceof TimeoutException || e instanceof java.util.concurrent.TimeoutException) {
      return new MessagingTimeoutException(
          binding(),
          channel,
          what
              + " timed out: the Kafka broker at "
              + servers
              + " did not answer in time; check that it is running and reachable and that "
              + KafkaSettings.key(KafkaSettings.BOOTSTRAP_SERVERS)
              + " is right",
          e);
    }
    return new ConnectionException(
        binding(), channel, what + " failed against the Kafka broker at " + servers + ": " + e, e);
  }

  /** What to check when a handshake fails; the broker's certificate chain is the usual cause. */
  private static final String TLS_FIX =
      "check that "
          + KafkaSettings.key(KafkaSettings.TLS_TRUSTSTORE_LOCATION)
          + " (with "
          + KafkaSettings.key(KafkaSettings.TLS_TRUSTSTORE_PASSWORD)
          + " and "
          + KafkaSettings.key(KafkaSettings.TLS_TRUSTSTORE_TYPE)
          + ") holds the CA certificate that signed the broker's certificate (a 'PKIX path'"
          + " failure means it does not), that the broker's certificate names the host in "
          + KafkaSettings.key(KafkaSettings.BOOTSTRAP_SERVERS)
          + " (or set "
          + KafkaSettings.key(KafkaSettings.TLS_HOSTNAME_VERIFICATION)
          + "=false), and that the listener speaks TLS";

  /**
   * The Hermod exception for a kafka-clients client that could not be built (a producer, a consumer
   * or the admin client): the configuration is named where it can be told which key is at fault,
   * since kafka-clients only says "Failed to create new KafkaAdminClient".
   *
   * @param client which client, e.g. {@code "admin client"}
   * @param error what its constructor threw
   * @return a {@code ConfigurationException} naming the key(s) and the fix, or a {@code
   *     ConnectionException} keeping the cause when no setting is at fault
   */
  MessagingException construction(String client, RuntimeException error) {
    String subject = "binding '" + binding() + "'";
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ConfigException ce) {
        String message = String.valueOf(ce.getMessage());
        if (message.contains("No resolvable bootstrap urls")) {
          return new ConfigurationException(
              binding(),
              null,
              subject,
              List.of(
                  KafkaSettings.key(KafkaSettings.BOOTSTRAP_SERVERS)
                      + "="
                      + servers
                      + ": none of its hosts resolves to an address, so the Kafka "
                      + client
                      + " cannot be created: check the host names (and this machine's DNS)"));
        }
        Matcher m = CONFIG_NAME.matcher(message);
        String key =
            m.find() ? origin.apply(m.group(1)) : "a " + KafkaSettings.PREFIX + "* setting";
        return new ConfigurationException(
            binding(),
            null,
            subject,
            List.of(
                key
                    + ": kafka-clients rejected it creating the "
                    + client
                    + " ("
                    + message
                    + "): correct or remove it"));
      }
      if (t instanceof GeneralSecurityException || t instanceof javax.net.ssl.SSLException) {
        return new ConfigurationException(
            binding(),
            null,
            subject,
            List.of(
                "the TLS settings cannot be used to create the Kafka "
                    + client
                    + " ("
                    + rootCause(error)
                    + "): check "
                    + KafkaSettings.key(KafkaSettings.TLS_TRUSTSTORE_LOCATION)
                    + ", "
                    + KafkaSettings.key(KafkaSettings.TLS_TRUSTSTORE_PASSWORD)
                    + " and "
                    + KafkaSettings.key(KafkaSettings.TLS_TRUSTSTORE_TYPE)
                    + " (and the tls.keystore-* keys if set)"));
      }
    }
    return new ConnectionException(
        binding(),
        null,
        "creating the Kafka "
            + client
            + " for "
            + servers
            + " failed: "
            + rootCause(error)
            + "; check the "
            + KafkaSettings.PREFIX
            + "* settings",
        error);
  }

  /** The handshake's own words ("PKIX path building failed: ..."), else the root cause. */
  private static String handshakeCause(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return rootCause(e);
  }
}
