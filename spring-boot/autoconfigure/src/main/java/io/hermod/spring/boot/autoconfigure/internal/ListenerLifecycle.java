package io.hermod.spring.boot.autoconfigure.internal;

import io.hermod.api.MessageListener;
import io.hermod.api.Messaging;
import io.hermod.api.Registration;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;

/**
 * Registers every bean with {@link MessageListener} methods ({@code messaging.register(bean)}) once
 * the context has created all its singletons, and closes those registrations when the context
 * stops: before any bean is destroyed, so a handler never runs against a destroyed collaborator,
 * and before the {@link Messaging} bean closes its connections. Stopping lets running handlers
 * finish (core's close waits for them) on a thread of its own, so Spring bounds the wait by {@code
 * spring.lifecycle.timeout-per-shutdown-phase}; a message whose handler has not finished is not
 * acknowledged and goes back to the broker. Runs in the phase of Spring's graceful web-server
 * shutdown, so HTTP and messaging entry points stop together. Thread-safe.
 */
public final class ListenerLifecycle implements BeanPostProcessor, SmartLifecycle {

  /** The phase of Spring Boot's graceful web-server shutdown. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

  private static final Logger log = LoggerFactory.getLogger(ListenerLifecycle.class);

  private final ObjectProvider<Messaging> messaging;
  private final Map<String, Object> listeners = new LinkedHashMap<>();
  private final List<Registration> registrations = new ArrayList<>();
  private boolean running;

  /**
   * A lifecycle registering listener beans on the {@link Messaging} bean.
   *
   * @param messaging the facade, looked up when the context starts
   */
  public ListenerLifecycle(ObjectProvider<Messaging> messaging) {
    this.messaging = messaging;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (hasListenerMethods(AopUtils.getTargetClass(bean))) {
      synchronized (this) {
        listeners.put(beanName, bean);
      }
    }
    return bean;
  }

  /**
   * Whether a class or one of its superclasses declares a {@link MessageListener} method, as core
   * finds them.
   *
   * @param type the bean's class
   * @return whether registering it starts a subscription
   */
  static boolean hasListenerMethods(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(MessageListener.class)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public synchronized void start() {
    if (running || listeners.isEmpty()) {
      running = true;
      return;
    }
    Messaging facade = messaging.getObject();
    try {
      for (Map.Entry<String, Object> listener : listeners.entrySet()) {
        registrations.add(facade.register(listener.getValue()));
        log.debug("registered the @MessageListener methods of bean '{}'", listener.getKey());
      }
    } catch (RuntimeException e) {
      closeAll();
      throw e;
    }
    running = true;
  }

  @Override
  public void stop(Runnable callback) {
    List<Registration> toClose;
    synchronized (this) {
      running = false;
      toClose = List.copyOf(registrations);
      registrations.clear();
    }
    if (toClose.isEmpty()) {
      callback.run();
      return;
    }
    Thread closer =
        new Thread(
            () -> {
              try {
                close(toClose);
              } finally {
                callback.run();
              }
            },
            "hermod-listener-shutdown");
    closer.setDaemon(true);
    closer.start();
  }

  @Override
  public void stop() {
    List<Registration> toClose;
    synchronized (this) {
      running = false;
      toClose = List.copyOf(registrations);
      registrations.clear();
    }
    close(toClose);
  }

  private synchronized void closeAll() {
    close(List.copyOf(registrations));
    registrations.clear();
  }

  /** Closes in parallel: each waits for its own running handlers. */
  private static void close(List<Registration> toClose) {
    List<Thread> closing = new ArrayList<>();
    for (Registration r : toClose) {
      Thread t = new Thread(() -> closeQuietly(r), "hermod-listener-close");
      t.setDaemon(true);
      t.start();
      closing.add(t);
    }
    for (Thread t : closing) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void closeQuietly(Registration registration) {
    try {
      registration.close();
    } catch (RuntimeException e) {
      log.warn("closing listener subscriptions failed: {}", e.toString());
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
