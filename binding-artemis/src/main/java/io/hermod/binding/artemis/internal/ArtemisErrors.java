package io.hermod.binding.artemis.internal;

import static io.hermod.binding.artemis.internal.ArtemisSettings.fullKey;

import io.hermod.api.AuthenticationException;
import io.hermod.api.ChannelFullException;
import io.hermod.api.ConnectionException;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.spi.support.BindingErrors;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import org.apache.activemq.artemis.api.core.ActiveMQAddressFullException;
import org.apache.activemq.artemis.api.core.ActiveMQConnectionTimedOutException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.ActiveMQUnBlockedException;
import org.jspecify.annotations.Nullable;

/**
 * Translates JMS and Artemis errors into Hermod's exceptions, each naming the binding, the channel
 * and the fix. Stateless and thread-safe.
 */
final class ArtemisErrors extends BindingErrors {

  ArtemisErrors() {
    super(ArtemisBindingProvider.NAME);
  }

  @Override
  protected MessagingException translateClientFailure(
      Throwable error, @Nullable String channel, String action) {
    Throwable root = artemisCause(error);
    String detail = describe(error, root);
    if (error instanceof JMSSecurityException || root instanceof ActiveMQSecurityException) {
      return new AuthenticationException(
          binding(),
          channel,
          action
              + " refused by the broker: "
              + detail
              + "; check "
              + fullKey(ArtemisSettings.USERNAME)
              + " and "
              + fullKey(ArtemisSettings.PASSWORD)
              + ", and that the user"
              + " has the permission on this address",
          error);
    }
    if (root instanceof ActiveMQAddressFullException) {
      return new ChannelFullException(
          binding(),
          channel,
          action
              + " failed: the address is full ("
              + detail
              + "); consume faster or raise max-size-bytes in the broker's address settings",
          error);
    }
    if (error instanceof java.util.concurrent.TimeoutException) {
      // The binding's own bound on a call (statistics) ran out.
      return new MessagingTimeoutException(
          binding(),
          channel,
          action
              + " timed out: the broker did not answer ("
              + detail
              + "); check that it is running and reachable",
          error);
    }
    if (root instanceof ActiveMQConnectionTimedOutException) {
      return new MessagingTimeoutException(
          binding(),
          channel,
          action + " timed out: " + detail + "; check the broker or raise hermod.send-timeout",
          error);
    }
    if (root instanceof ActiveMQNotConnectedException
        || root instanceof ActiveMQUnBlockedException) {
      return new ConnectionException(
          binding(),
          channel,
          action
              + " failed: the connection to the broker is down ("
              + detail
              + "); the binding reconnects by itself, retry once the broker is back",
          error);
    }
    return new ConnectionException(
        binding(), channel, action + " failed: " + detail + "; check the broker's log", error);
  }

  private static @Nullable Throwable artemisCause(Throwable error) {
    Throwable t = error;
    for (int i = 0; t != null && i < 10; i++) {
      if (t instanceof ActiveMQException) {
        return t;
      }
      Throwable next =
          t instanceof JMSException jms && jms.getLinkedException() != null
              ? jms.getLinkedException()
              : t.getCause();
      if (next == t) {
        break;
      }
      t = next;
    }
    return null;
  }

  private static String describe(Throwable error, @Nullable Throwable root) {
    Throwable t = root != null ? root : error;
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
