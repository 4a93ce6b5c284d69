package io.hermod.core.internal;

import io.hermod.api.ChannelStatistics;
import io.hermod.api.Message;
import io.hermod.api.Receipt;
import io.hermod.spi.observation.AfterFailure;
import io.hermod.spi.observation.BrokerOperation;
import io.hermod.spi.observation.CircuitState;
import io.hermod.spi.observation.DeadLetterReason;
import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.MessagingObserver;
import io.hermod.spi.observation.ObservationScope;
import io.hermod.spi.observation.ProcessObservation;
import io.hermod.spi.observation.RequestObservation;
import io.hermod.spi.observation.SendObservation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observers installed on one {@code Messaging}, as one: every event goes to each of them, and
 * what one throws is logged and kept from the others and from messaging. Core holds {@code null}
 * instead of an empty fan-out, so that with no observer installed not even this is called.
 * Thread-safe.
 */
final class ObserverFanOut implements MessagingObserver {

  private static final Logger log = LoggerFactory.getLogger(ObserverFanOut.class);

  private final MessagingObserver[] observers;

  private ObserverFanOut(List<MessagingObserver> observers) {
    this.observers = observers.toArray(new MessagingObserver[0]);
  }

  /**
   * The observers as one.
   *
   * @param observers the installed observers
   * @return the fan-out, or {@code null} if there are none
   */
  static @Nullable MessagingObserver of(List<MessagingObserver> observers) {
    return observers.isEmpty() ? null : new ObserverFanOut(observers);
  }

  private static void ignore(Object observer, String event, RuntimeException e) {
    log.warn(
        "observer {} failed on {}; ignored: {}",
        observer.getClass().getName(),
        event,
        e.toString());
  }

  // Observations that record nothing (NONE) are left out, and with none left NONE is handed
  // back: core then adds no bookkeeping to that message at all.

  @Override
  public SendObservation sending(Endpoint endpoint, Message<byte[]> message) {
    SendObservation only = SendObservation.NONE;
    SendObservation[] all = null;
    int count = 0;
    for (MessagingObserver o : observers) {
      SendObservation s;
      try {
        s = o.sending(endpoint, message);
      } catch (RuntimeException e) {
        ignore(o, "sending", e);
        continue;
      }
      if (s == SendObservation.NONE || s == null) {
        continue;
      }
      if (count == 0) {
        only = s;
      } else {
        if (all == null) {
          all = new SendObservation[observers.length];
          all[0] = only;
        }
        all[count] = s;
      }
      count++;
    }
    if (all != null) {
      return new AllSends(count == all.length ? all : Arrays.copyOf(all, count));
    }
    return only == SendObservation.NONE ? only : new OneSend(only);
  }

  @Override
  public ProcessObservation processing(Endpoint endpoint, Message<byte[]> message, int attempt) {
    ProcessObservation[] all = null;
    int count = 0;
    for (MessagingObserver o : observers) {
      ProcessObservation p;
      try {
        p = o.processing(endpoint, message, attempt);
      } catch (RuntimeException e) {
        ignore(o, "processing", e);
        continue;
      }
      if (p == ProcessObservation.NONE || p == null) {
        continue;
      }
      if (all == null) {
        all = new ProcessObservation[observers.length];
      }
      all[count++] = p;
    }
    if (all == null) {
      return ProcessObservation.NONE;
    }
    return new AllProcesses(count == all.length ? all : Arrays.copyOf(all, count));
  }

  @Override
  public RequestObservation requesting(Endpoint endpoint, Message<?> request) {
    List<RequestObservation> each = new ArrayList<>(observers.length);
    for (MessagingObserver o : observers) {
      try {
        RequestObservation r = o.requesting(endpoint, request);
        if (r != RequestObservation.NONE && r != null) {
          each.add(r);
        }
      } catch (RuntimeException e) {
        ignore(o, "requesting", e);
      }
    }
    return each.isEmpty()
        ? RequestObservation.NONE
        : new AllRequests(each.toArray(new RequestObservation[0]));
  }

  @Override
  public void filtered(Endpoint endpoint, Message<byte[]> message) {
    for (MessagingObserver o : observers) {
      try {
        o.filtered(endpoint, message);
      } catch (RuntimeException e) {
        ignore(o, "filtered", e);
      }
    }
  }

  @Override
  public void expired(Endpoint endpoint, Message<byte[]> message) {
    for (MessagingObserver o : observers) {
      try {
        o.expired(endpoint, message);
      } catch (RuntimeException e) {
        ignore(o, "expired", e);
      }
    }
  }

  @Override
  public void deduplicated(Endpoint endpoint, Message<byte[]> message) {
    for (MessagingObserver o : observers) {
      try {
        o.deduplicated(endpoint, message);
      } catch (RuntimeException e) {
        ignore(o, "deduplicated", e);
      }
    }
  }

  @Override
  public void deadLettered(
      Endpoint endpoint,
      Message<byte[]> message,
      DeadLetterReason reason,
      int attempts,
      Throwable error) {
    for (MessagingObserver o : observers) {
      try {
        o.deadLettered(endpoint, message, reason, attempts, error);
      } catch (RuntimeException e) {
        ignore(o, "deadLettered", e);
      }
    }
  }

  @Override
  public void subscribed(Endpoint endpoint, Supplier<ChannelStatistics> statistics) {
    for (MessagingObserver o : observers) {
      try {
        o.subscribed(endpoint, statistics);
      } catch (RuntimeException e) {
        ignore(o, "subscribed", e);
      }
    }
  }

  @Override
  public void unsubscribed(Endpoint endpoint) {
    for (MessagingObserver o : observers) {
      try {
        o.unsubscribed(endpoint);
      } catch (RuntimeException e) {
        ignore(o, "unsubscribed", e);
      }
    }
  }

  @Override
  public void brokerTraffic(
      String binding,
      String channel,
      BrokerOperation operation,
      int requests,
      int billedRequests,
      long bytes) {
    for (MessagingObserver o : observers) {
      try {
        o.brokerTraffic(binding, channel, operation, requests, billedRequests, bytes);
      } catch (RuntimeException e) {
        ignore(o, "brokerTraffic", e);
      }
    }
  }

  @Override
  public void circuitState(String binding, CircuitState state) {
    for (MessagingObserver o : observers) {
      try {
        o.circuitState(binding, state);
      } catch (RuntimeException e) {
        ignore(o, "circuitState", e);
      }
    }
  }

  @Override
  public void closed(String binding) {
    for (MessagingObserver o : observers) {
      try {
        o.closed(binding);
      } catch (RuntimeException e) {
        ignore(o, "closed", e);
      }
    }
  }

  /** One observer's send: the common case, without the loops. */
  private static final class OneSend implements SendObservation {
    private final SendObservation send;

    OneSend(SendObservation send) {
      this.send = send;
    }

    @Override
    public Map<String, String> headers() {
      try {
        return send.headers();
      } catch (RuntimeException e) {
        ignore(send, "headers", e);
        return Map.of();
      }
    }

    @Override
    public void confirmed(Receipt receipt) {
      try {
        send.confirmed(receipt);
      } catch (RuntimeException e) {
        ignore(send, "confirmed", e);
      }
    }

    @Override
    public void failed(Throwable error) {
      try {
        send.failed(error);
      } catch (RuntimeException e) {
        ignore(send, "failed", e);
      }
    }
  }

  private static final class AllSends implements SendObservation {
    private final SendObservation[] sends;

    AllSends(SendObservation[] sends) {
      this.sends = sends;
    }

    @Override
    public Map<String, String> headers() {
      // Usually one observer (tracing) adds headers: hand its map over as it is.
      Map<String, String> first = Map.of();
      Map<String, String> all = null;
      for (SendObservation s : sends) {
        try {
          Map<String, String> h = s.headers();
          if (h.isEmpty()) {
            continue;
          }
          if (first.isEmpty()) {
            first = h;
          } else {
            if (all == null) {
              all = new HashMap<>(first);
            }
            all.putAll(h);
          }
        } catch (RuntimeException e) {
          ignore(s, "headers", e);
        }
      }
      return all != null ? all : first;
    }

    @Override
    public void confirmed(Receipt receipt) {
      for (SendObservation s : sends) {
        try {
          s.confirmed(receipt);
        } catch (RuntimeException e) {
          ignore(s, "confirmed", e);
        }
      }
    }

    @Override
    public void failed(Throwable error) {
      for (SendObservation s : sends) {
        try {
          s.failed(error);
        } catch (RuntimeException e) {
          ignore(s, "failed", e);
        }
      }
    }
  }

  private static final class AllProcesses implements ProcessObservation {
    private final ProcessObservation[] processes;

    AllProcesses(ProcessObservation[] processes) {
      this.processes = processes;
    }

    @Override
    public ObservationScope enter() {
      return enterAll(processes, ProcessObservation::enter);
    }

    @Override
    public void succeeded() {
      for (ProcessObservation p : processes) {
        try {
          p.succeeded();
        } catch (RuntimeException e) {
          ignore(p, "succeeded", e);
        }
      }
    }

    @Override
    public void failed(Throwable error, AfterFailure then) {
      for (ProcessObservation p : processes) {
        try {
          p.failed(error, then);
        } catch (RuntimeException e) {
          ignore(p, "failed", e);
        }
      }
    }
  }

  private static final class AllRequests implements RequestObservation {
    private final RequestObservation[] requests;

    AllRequests(RequestObservation[] requests) {
      this.requests = requests;
    }

    @Override
    public ObservationScope enter() {
      return enterAll(requests, RequestObservation::enter);
    }

    @Override
    public void replied() {
      for (RequestObservation r : requests) {
        try {
          r.replied();
        } catch (RuntimeException e) {
          ignore(r, "replied", e);
        }
      }
    }

    @Override
    public void timedOut() {
      for (RequestObservation r : requests) {
        try {
          r.timedOut();
        } catch (RuntimeException e) {
          ignore(r, "timedOut", e);
        }
      }
    }

    @Override
    public void failed(Throwable error) {
      for (RequestObservation r : requests) {
        try {
          r.failed(error);
        } catch (RuntimeException e) {
          ignore(r, "failed", e);
        }
      }
    }
  }

  /** Scopes nest: the last opened is closed first. */
  /**
   * Enters every observation and returns one scope closing theirs in reverse. Scopes that do
   * nothing ({@code NONE}, as metrics have) are left out, so with tracing and metrics installed the
   * tracing scope is all there is to close, and no array is made per message.
   */
  private static <O> ObservationScope enterAll(
      O[] observations, Function<O, ObservationScope> enter) {
    ObservationScope only = ObservationScope.NONE;
    ObservationScope[] all = null;
    int count = 0;
    for (O o : observations) {
      ObservationScope scope;
      try {
        scope = enter.apply(o);
      } catch (RuntimeException e) {
        ignore(o, "enter", e);
        continue;
      }
      if (scope == ObservationScope.NONE || scope == null) {
        continue;
      }
      if (count == 0) {
        only = scope;
      } else {
        if (all == null) {
          all = new ObservationScope[observations.length];
          all[0] = only;
        }
        all[count] = scope;
      }
      count++;
    }
    if (all != null) {
      ObservationScope[] entered = all;
      int n = count;
      return () -> closeInReverse(entered, n);
    }
    if (only == ObservationScope.NONE) {
      return only;
    }
    ObservationScope one = only;
    return () -> close(one);
  }

  private static void closeInReverse(ObservationScope[] scopes, int count) {
    for (int i = count - 1; i >= 0; i--) {
      close(scopes[i]);
    }
  }

  private static void close(ObservationScope scope) {
    try {
      scope.close();
    } catch (RuntimeException e) {
      ignore(scope, "close", e);
    }
  }
}
