package io.hermod.core.internal;

import io.hermod.api.ConfigurationException;
import io.hermod.api.Delivery;
import io.hermod.api.Filter;
import io.hermod.api.Header;
import io.hermod.api.Message;
import io.hermod.api.MessageListener;
import io.hermod.api.Registration;
import io.hermod.api.Subscription;
import io.hermod.api.SubscriptionOptions;
import io.hermod.core.internal.AnnotatedMethods.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Turns the {@link MessageListener} methods of an object into subscriptions: checks every method
 * first and reports every misuse at once (naming the class, the method and the fix), then
 * subscribes them all or none. Stateless.
 */
final class AnnotatedListeners {

  private AnnotatedListeners() {}

  /** One checked listener method, ready to subscribe. */
  private record Plan(
      Method method,
      String channel,
      Class<?> payloadType,
      SubscriptionOptions options,
      List<Function<Delivery<?>, Object>> arguments) {}

  /**
   * Subscribes every {@link MessageListener} method of {@code bean}.
   *
   * @param messaging the facade
   * @param bean the object
   * @return the registration, never {@code null}
   * @throws ConfigurationException listing every misuse; nothing is subscribed then
   */
  static Registration register(CoreMessaging messaging, Object bean) {
    Class<?> type = bean.getClass();
    List<String> problems = new ArrayList<>();
    List<Plan> plans = new ArrayList<>();
    for (Method m : listenerMethods(type)) {
      Plan p = plan(messaging, m, problems);
      if (p != null) {
        plans.add(p);
      }
    }
    if (plans.isEmpty() && problems.isEmpty()) {
      problems.add(
          type.getName()
              + " has no @MessageListener method; annotate a method with"
              + " @MessageListener(channel = \"...\")");
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(
          messaging.bindingName(), null, "@MessageListener methods of " + type.getName(), problems);
    }
    List<Subscription> subscriptions = new ArrayList<>();
    try {
      for (Plan p : plans) {
        subscriptions.add(subscribe(messaging, bean, p, p.payloadType()));
      }
    } catch (RuntimeException e) {
      subscriptions.forEach(Subscription::close);
      throw e;
    }
    return new ListenerRegistration(type.getName(), subscriptions);
  }

  /**
   * Annotated methods of the class and its superclasses, overridden ones once, in a stable order.
   */
  private static List<Method> listenerMethods(Class<?> type) {
    List<Method> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      List<Method> declared = new ArrayList<>(List.of(c.getDeclaredMethods()));
      declared.sort(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
      for (Method m : declared) {
        String signature = m.getName() + java.util.Arrays.toString(m.getParameterTypes());
        if (m.isBridge() || m.isSynthetic() || !seen.add(signature)) {
          continue;
        }
        if (m.isAnnotationPresent(MessageListener.class)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private static @org.jspecify.annotations.Nullable Plan plan(
      CoreMessaging messaging, Method m, List<String> problems) {
    MessageListener a = m.getAnnotation(MessageListener.class);
    String where = AnnotatedMethods.describe(m) + ": ";
    int before = problems.size();
    String channel = a.channel().trim();
    if (channel.isEmpty()) {
      problems.add(where + "@MessageListener(channel) is empty; name a declared channel");
    } else if (messaging.channel(channel).isEmpty()) {
      problems.add(
          where
              + "channel '"
              + channel
              + "' is not declared; declare it before register(...) with"
              + " messaging.declare(ChannelSpec.queue(\""
              + channel
              + "\").build()) (or ChannelSpec.topic) or hermod.channels."
              + channel
              + ".kind=queue");
    }
    Filter filter = Filter.none();
    if (!a.filter().isBlank()) {
      try {
        filter = Filter.routingKey(a.filter().trim());
      } catch (IllegalArgumentException e) {
        problems.add(where + "@MessageListener(filter): " + e.getMessage());
      }
    }
    SubscriptionOptions options = null;
    try {
      options =
          SubscriptionOptions.builder()
              .name(a.subscription())
              .filter(filter)
              .concurrency(a.concurrency())
              .prefetch(a.prefetch())
              .build();
    } catch (ConfigurationException e) {
      e.problems().forEach(p -> problems.add(where + "@MessageListener: " + p));
    }
    Class<?> returns = m.getReturnType();
    if (returns != void.class
        && returns != Void.class
        && !CompletionStage.class.isAssignableFrom(returns)) {
      problems.add(
          where
              + "returns "
              + returns.getSimpleName()
              + ", which nobody would read; return void (or CompletionStage to finish"
              + " asynchronously), and answer requests with messaging.respond(...)");
    }
    if (Modifier.isStatic(m.getModifiers())) {
      problems.add(where + "is static; make it an instance method of the registered object");
    }
    Class<?> payloadType = byte[].class;
    List<Function<Delivery<?>, Object>> arguments = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    for (int i = 0; i < m.getParameterCount(); i++) {
      Class<?> raw = m.getParameterTypes()[i];
      java.lang.reflect.Type generic = m.getGenericParameterTypes()[i];
      List<Field> fields = AnnotatedMethods.fields(m.getParameters()[i]);
      if (!fields.isEmpty()) {
        String problem = AnnotatedMethods.checkField(m, i, fields);
        if (problem != null) {
          problems.add(where + problem);
        }
        arguments.add(fieldReader(m.getParameters()[i].getAnnotation(Header.class), fields.get(0)));
        continue;
      }
      payloads.add(AnnotatedMethods.describe(m, i));
      if (raw == Message.class || raw == Delivery.class) {
        Class<?> argument = AnnotatedMethods.typeArgument(generic);
        if (argument == null) {
          problems.add(
              where
                  + AnnotatedMethods.describe(m, i)
                  + " does not say its payload type; declare it as "
                  + raw.getSimpleName()
                  + "<String>, "
                  + raw.getSimpleName()
                  + "<byte[]> or "
                  + raw.getSimpleName()
                  + "<YourType>");
        } else {
          payloadType = argument;
        }
        arguments.add(raw == Message.class ? Delivery::message : d -> d);
      } else if (raw.isPrimitive() || generic instanceof ParameterizedType) {
        problems.add(
            where
                + AnnotatedMethods.describe(m, i)
                + " cannot be a payload: "
                + (raw.isPrimitive()
                    ? "a primitive"
                    : "a generic type (the codec sees only " + raw.getSimpleName() + ")")
                + "; use a class or record such as String, byte[] or your own type, or annotate it"
                + " @Header(\"name\"), @Key or @RoutingKey");
      } else {
        payloadType = raw;
        arguments.add(Delivery::payload);
      }
    }
    if (payloads.size() > 1) {
      problems.add(
          where
              + "has "
              + payloads.size()
              + " payload parameters ("
              + String.join(", ", payloads)
              + "); keep one, and annotate the others @Header(\"name\"), @Key or @RoutingKey");
    }
    if (!m.trySetAccessible()) {
      problems.add(
          where
              + "is not accessible to Hermod; make the method and its class public, or open the package to io.hermod.core");
    }
    if (problems.size() > before || options == null) {
      return null;
    }
    return new Plan(m, channel, payloadType, options, List.copyOf(arguments));
  }

  private static Function<Delivery<?>, Object> fieldReader(
      @org.jspecify.annotations.Nullable Header header, Field field) {
    return switch (field) {
      case HEADER -> {
        String name = header == null ? "" : header.value();
        yield d -> d.message().header(name);
      }
      case KEY -> d -> d.message().key();
      case ROUTING_KEY -> d -> d.message().routingKey();
    };
  }

  private static <T> Subscription subscribe(
      CoreMessaging messaging, Object bean, Plan plan, Class<T> payloadType) {
    return messaging.subscribe(
        plan.channel(), payloadType, plan.options(), delivery -> invoke(bean, plan, delivery));
  }

  /** Calls the method; what it throws is what the handler throws, so retries and DLQ see it. */
  private static void invoke(Object bean, Plan plan, Delivery<?> delivery) throws Exception {
    Object[] args = new Object[plan.arguments().size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = plan.arguments().get(i).apply(delivery);
    }
    Object result;
    try {
      result = plan.method().invoke(bean, args);
    } catch (InvocationTargetException e) {
      throw unwrap(e.getCause(), e);
    }
    if (result instanceof CompletionStage<?> stage) {
      try {
        stage.toCompletableFuture().get();
      } catch (ExecutionException e) {
        throw unwrap(e.getCause(), e);
      }
    }
  }

  private static Exception unwrap(
      @org.jspecify.annotations.Nullable Throwable cause, Exception wrapper) {
    if (cause instanceof Error error) {
      throw error;
    }
    return cause instanceof Exception e ? e : wrapper;
  }
}
