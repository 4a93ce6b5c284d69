package io.hermod.core.internal;

import io.hermod.api.ConfigurationException;
import io.hermod.api.Confirm;
import io.hermod.api.ConfirmedBy;
import io.hermod.api.ConfirmedSend;
import io.hermod.api.Header;
import io.hermod.api.Message;
import io.hermod.api.MessagingException;
import io.hermod.api.MessagingTimeoutException;
import io.hermod.api.ProcessingReport;
import io.hermod.api.Publisher;
import io.hermod.api.Publishes;
import io.hermod.api.Receipt;
import io.hermod.api.Request;
import io.hermod.api.Requester;
import io.hermod.core.internal.AnnotatedMethods.Field;
import io.hermod.spi.support.Settings;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link InvocationHandler} behind {@code Messaging.client(type)}: each abstract method of the
 * interface is checked when the proxy is made (every misuse reported at once, naming the interface,
 * the method and the fix) and becomes a send ({@link Publishes}) or a request ({@link Request},
 * through a requester made on first use and kept). Thread-safe.
 */
final class ClientProxy implements InvocationHandler {

  private static final Logger log = LoggerFactory.getLogger(ClientProxy.class);

  /** What a sending method returns. */
  private enum Returns {
    STAGE,
    BLOCKING,
    NOTHING,
    /** A confirmed send ({@link ConfirmedBy}): the stage of the report, or the send itself. */
    REPORT_STAGE,
    REPORT_BLOCKING
  }

  /** Where the parts of the message are among the arguments. */
  private record Layout(
      int payload,
      boolean payloadIsMessage,
      List<Integer> fieldIndexes,
      List<Field> fields,
      List<String> headers) {

    <T> Message<T> message(Class<T> type, @Nullable Object[] args, String method) {
      Object value = args[payload];
      if (value == null) {
        throw new IllegalArgumentException("the payload of " + method + " must not be null");
      }
      Message.Builder<T> b;
      if (payloadIsMessage) {
        Message<?> m = (Message<?>) value;
        b = m.withPayload(type.cast(m.payload())).toBuilder();
      } else {
        b = Message.builder(type.cast(value));
      }
      for (int i = 0; i < fieldIndexes.size(); i++) {
        String v = (String) args[fieldIndexes.get(i)];
        if (v == null) {
          continue;
        }
        switch (fields.get(i)) {
          case HEADER -> b.header(headers.get(i), v);
          case KEY -> b.key(v);
          case ROUTING_KEY -> b.routingKey(v);
        }
      }
      return b.build();
    }
  }

  /** One checked method of the interface. */
  private interface Call {
    @Nullable Object invoke(@Nullable Object[] args) throws Exception;
  }

  private final CoreMessaging messaging;
  private final Class<?> type;
  private final Map<Method, Call> calls;

  private ClientProxy(CoreMessaging messaging, Class<?> type, Map<Method, Call> calls) {
    this.messaging = messaging;
    this.type = type;
    this.calls = calls;
  }

  /**
   * Makes the proxy.
   *
   * @param messaging the facade
   * @param type the client interface
   * @param <T> the interface
   * @return the proxy, never {@code null}
   * @throws ConfigurationException listing every misuse
   */
  static <T> T create(CoreMessaging messaging, Class<T> type) {
    String subject = "client " + type.getName();
    if (!type.isInterface()) {
      throw new ConfigurationException(
          messaging.bindingName(),
          null,
          subject,
          List.of(
              type.getName()
                  + " is not an interface; messaging.client(...) implements interfaces only:"
                  + " declare the sending methods in an interface annotated"
                  + " @Publishes(channel = \"...\")"));
    }
    List<String> problems = new ArrayList<>();
    Map<Method, Call> calls = new HashMap<>();
    for (Method m : type.getMethods()) {
      if (m.isDefault() || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Call c = plan(messaging, type, m, problems);
      if (c != null) {
        calls.put(m, c);
      }
    }
    if (calls.isEmpty() && problems.isEmpty()) {
      problems.add(
          type.getName() + " has no abstract method to implement; declare sending methods");
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(messaging.bindingName(), null, subject, problems);
    }
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            new ClientProxy(messaging, type, Map.copyOf(calls)));
    return type.cast(proxy);
  }

  private static @Nullable Call plan(
      CoreMessaging messaging, Class<?> type, Method m, List<String> problems) {
    String where = AnnotatedMethods.describe(m) + ": ";
    Request request = m.getAnnotation(Request.class);
    Publishes publishes = m.getAnnotation(Publishes.class);
    if (request != null && publishes != null) {
      problems.add(where + "has both @Request and @Publishes; keep one");
      return null;
    }
    if (publishes == null && request == null) {
      publishes = type.getAnnotation(Publishes.class);
    }
    if (publishes == null && request == null) {
      problems.add(
          where
              + "says neither where to send nor what to ask; annotate it (or the interface)"
              + " @Publishes(channel = \"...\"), or annotate it @Request(channel = \"...\")");
      return null;
    }
    int before = problems.size();
    String channel = (request != null ? request.channel() : publishes.channel()).trim();
    if (channel.isEmpty()) {
      problems.add(where + "the channel is empty; name a declared channel");
    } else if (messaging.channel(channel).isEmpty()) {
      problems.add(
          where
              + "channel '"
              + channel
              + "' is not declared; declare it before client(...) with"
              + " messaging.declare(ChannelSpec.queue(\""
              + channel
              + "\").build()) (or ChannelSpec.topic) or hermod.channels."
              + channel
              + ".kind=queue");
    }
    Layout layout = layout(m, where, problems);
    Class<?> payloadType = layout == null ? null : payloadType(m, layout, where, problems);
    String description = type.getSimpleName() + "." + m.getName();
    if (request != null) {
      Duration timeout = timeout(request, where, problems);
      Class<?> replyType = replyType(m, where, problems);
      if (problems.size() > before || layout == null || payloadType == null || replyType == null) {
        return null;
      }
      return requestCall(
          messaging,
          channel,
          payloadType,
          replyType,
          timeout,
          layout,
          description,
          CompletionStage.class.isAssignableFrom(m.getReturnType()));
    }
    ConfirmedBy confirmedBy = m.getAnnotation(ConfirmedBy.class);
    Confirm confirm = confirmedBy == null ? null : confirm(confirmedBy, where, problems);
    Returns returns = returns(m, where, problems, confirmedBy != null);
    if (problems.size() > before || layout == null || payloadType == null || returns == null) {
      return null;
    }
    return sendCall(messaging, channel, payloadType, layout, returns, confirm, description);
  }

  private static @Nullable Layout layout(Method m, String where, List<String> problems) {
    int payload = -1;
    boolean isMessage = false;
    List<Integer> indexes = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    int before = problems.size();
    for (int i = 0; i < m.getParameterCount(); i++) {
      List<Field> f = AnnotatedMethods.fields(m.getParameters()[i]);
      if (f.isEmpty()) {
        payloads.add(AnnotatedMethods.describe(m, i));
        payload = i;
        isMessage = m.getParameterTypes()[i] == Message.class;
        continue;
      }
      String problem = AnnotatedMethods.checkField(m, i, f);
      if (problem != null) {
        problems.add(where + problem);
      }
      Header h = m.getParameters()[i].getAnnotation(Header.class);
      indexes.add(i);
      fields.add(f.get(0));
      headers.add(h == null ? "" : h.value());
    }
    if (payloads.isEmpty()) {
      problems.add(
          where + "has no payload parameter; add one (the message body), e.g. (Order order)");
    } else if (payloads.size() > 1) {
      problems.add(
          where
              + "has "
              + payloads.size()
              + " payload parameters ("
              + String.join(", ", payloads)
              + "); keep one, and annotate the others @Header(\"name\"), @Key or @RoutingKey");
    }
    if (problems.size() > before) {
      return null;
    }
    return new Layout(
        payload, isMessage, List.copyOf(indexes), List.copyOf(fields), List.copyOf(headers));
  }

  private static @Nullable Class<?> payloadType(
      Method m, Layout layout, String where, List<String> problems) {
    int i = layout.payload();
    java.lang.reflect.Type generic = m.getGenericParameterTypes()[i];
    if (layout.payloadIsMessage()) {
      Class<?> argument = AnnotatedMethods.typeArgument(generic);
      if (argument == null) {
        problems.add(
            where
                + AnnotatedMethods.describe(m, i)
                + " does not say its payload type; declare it as Message<YourType>");
      }
      return argument;
    }
    Class<?> raw = m.getParameterTypes()[i];
    if (generic instanceof ParameterizedType) {
      problems.add(
          where
              + AnnotatedMethods.describe(m, i)
              + " is a generic type (the codec sees only "
              + raw.getSimpleName()
              + "); use a class or record");
      return null;
    }
    return AnnotatedMethods.boxed(raw);
  }

  private static @Nullable Confirm confirm(
      ConfirmedBy confirmedBy, String where, List<String> problems) {
    try {
      Confirm c =
          List.of(confirmedBy.value()).equals(List.of(Confirm.ANY_CONSUMER))
              ? Confirm.processed()
              : Confirm.processedBy(confirmedBy.value());
      if (!confirmedBy.within().isBlank()) {
        Optional<Duration> d = Settings.parseDuration(confirmedBy.within());
        if (d.isEmpty() || d.get().isNegative() || d.get().isZero()) {
          problems.add(
              where
                  + "@ConfirmedBy(within) must be a positive duration such as 30s, was '"
                  + confirmedBy.within()
                  + "'");
          return null;
        }
        c = c.within(d.get());
      }
      return c.resendUpTo(confirmedBy.resendUpTo());
    } catch (IllegalArgumentException e) {
      problems.add(where + "@ConfirmedBy: " + e.getMessage());
      return null;
    }
  }

  private static @Nullable Returns returns(
      Method m, String where, List<String> problems, boolean confirmed) {
    Class<?> r = m.getReturnType();
    if (confirmed) {
      if (r == ProcessingReport.class) {
        return Returns.REPORT_BLOCKING;
      }
      if (r == ConfirmedSend.class
          || (r == CompletionStage.class
              && AnnotatedMethods.typeArgument(m.getGenericReturnType())
                  == ProcessingReport.class)) {
        return Returns.REPORT_STAGE;
      }
      problems.add(
          where
              + "is @ConfirmedBy but returns "
              + AnnotatedMethods.shortName(m.getGenericReturnType())
              + "; return CompletionStage<ProcessingReport>, ConfirmedSend or ProcessingReport");
      return null;
    }
    if (r == ProcessingReport.class
        || r == ConfirmedSend.class
        || (r == CompletionStage.class
            && AnnotatedMethods.typeArgument(m.getGenericReturnType()) == ProcessingReport.class)) {
      problems.add(
          where
              + "returns a processing report but says nobody must confirm; annotate it"
              + " @ConfirmedBy({\"billing\", ...})");
      return null;
    }
    if (r == void.class) {
      return Returns.NOTHING;
    }
    if (r == Receipt.class) {
      return Returns.BLOCKING;
    }
    if (r == CompletionStage.class
        && AnnotatedMethods.typeArgument(m.getGenericReturnType()) == Receipt.class) {
      return Returns.STAGE;
    }
    problems.add(
        where
            + "returns "
            + AnnotatedMethods.shortName(m.getGenericReturnType())
            + "; a sending method returns CompletionStage<Receipt>, Receipt or void (for a reply,"
            + " annotate it @Request)");
    return null;
  }

  private static @Nullable Class<?> replyType(Method m, String where, List<String> problems) {
    Class<?> r = m.getReturnType();
    if (r == void.class || r == Void.class || r == Receipt.class) {
      problems.add(
          where
              + "is a @Request but returns "
              + r.getSimpleName()
              + "; return the reply type (or CompletionStage of it)");
      return null;
    }
    if (r == CompletionStage.class) {
      Class<?> argument = AnnotatedMethods.typeArgument(m.getGenericReturnType());
      if (argument == null) {
        problems.add(
            where
                + "returns a CompletionStage without a reply class; declare e.g. CompletionStage<Price>");
      }
      return argument;
    }
    if (m.getGenericReturnType() instanceof ParameterizedType) {
      problems.add(
          where
              + "returns a generic type (the codec sees only "
              + r.getSimpleName()
              + "); use a class or record");
      return null;
    }
    return AnnotatedMethods.boxed(r);
  }

  private static Duration timeout(Request request, String where, List<String> problems) {
    if (request.timeout().isBlank()) {
      return Duration.ZERO; // the requester's default: hermod.request-timeout
    }
    Optional<Duration> d = Settings.parseDuration(request.timeout());
    if (d.isEmpty() || d.get().isNegative() || d.get().isZero()) {
      problems.add(
          where
              + "@Request(timeout) must be a positive duration such as 500ms, 5s or PT5S, was '"
              + request.timeout()
              + "'");
      return Duration.ZERO;
    }
    if (d.get().compareTo(Settings.MAX_TIMEOUT) > 0) {
      problems.add(
          where
              + "@Request(timeout) must be at most "
              + Settings.formatDuration(Settings.MAX_TIMEOUT)
              + " (broker clients count timeouts in 32-bit milliseconds), was '"
              + request.timeout()
              + "'");
      return Duration.ZERO;
    }
    return d.get();
  }

  private static <T> Call sendCall(
      CoreMessaging messaging,
      String channel,
      Class<T> type,
      Layout layout,
      Returns returns,
      @Nullable Confirm confirm,
      String description) {
    Publisher<T> publisher = messaging.publisher(channel, type);
    if (confirm != null) {
      // The report waits for the deadline of each send (and resend), then a send timeout more.
      Duration wait =
          confirm
              .within()
              .multipliedBy(confirm.resends() + 1L)
              .plus(messaging.config().sendTimeout());
      return args -> {
        ConfirmedSend sent = publisher.send(layout.message(type, args, description), confirm);
        return returns == Returns.REPORT_STAGE
            ? sent
            : await(messaging, publisher.channel(), sent, wait);
      };
    }
    return args -> {
      CompletionStage<Receipt> sent = publisher.send(layout.message(type, args, description));
      return switch (returns) {
        case STAGE -> sent;
        case BLOCKING ->
            await(messaging, publisher.channel(), sent, messaging.config().sendTimeout());
        case REPORT_STAGE, REPORT_BLOCKING ->
            throw new IllegalStateException("a confirmed send is planned above");
        case NOTHING -> {
          sent.whenComplete(
              (receipt, error) -> {
                if (error != null) {
                  log.warn(
                      "{} could not send to {}: {}",
                      description,
                      publisher.channel(),
                      error.toString());
                }
              });
          yield null;
        }
      };
    };
  }

  private static <Q, R> Call requestCall(
      CoreMessaging messaging,
      String channel,
      Class<Q> requestType,
      Class<R> replyType,
      Duration timeout,
      Layout layout,
      String description,
      boolean async) {
    Map<Boolean, Requester<Q, R>> cache = new ConcurrentHashMap<>(1);
    Duration wait = timeout.isZero() ? messaging.config().requestTimeout() : timeout;
    return args -> {
      // Made on first use, then kept: each requester owns a reply queue and a subscription.
      Requester<Q, R> requester =
          cache.computeIfAbsent(
              Boolean.TRUE, k -> messaging.requester(channel, requestType, replyType, timeout));
      CompletionStage<R> reply =
          requester
              .requestMessage(layout.message(requestType, args, description))
              .thenApply(Message::payload);
      return async ? reply : await(messaging, channel, reply, wait);
    };
  }

  /** Waits a little longer than the operation's own timeout, which normally fires first. */
  private static <V> V await(
      CoreMessaging messaging, String channel, CompletionStage<V> stage, Duration timeout)
      throws Exception {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new MessagingTimeoutException(
          messaging.bindingName(), channel, "no answer within " + Durations.format(timeout), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MessagingException(
          messaging.bindingName(), channel, "interrupted while waiting", e);
    }
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
      throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> args != null && proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "Hermod client " + type.getName() + " on binding " + messaging.bindingName();
      };
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    Call call = calls.get(method);
    if (call == null) {
      throw new IllegalStateException("no call planned for " + method);
    }
    return call.invoke(args == null ? new Object[0] : args);
  }
}
