package io.hermod.spring.boot.autoconfigure.internal;

import io.hermod.api.Messaging;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;

/**
 * Makes one client interface's bean: {@code messaging.client(type)} of the {@link Messaging} bean.
 * Thread-safe once the factory has its bean factory.
 *
 * @param <T> the interface
 */
public final class ClientFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware {

  private final Class<T> type;
  private @Nullable BeanFactory beanFactory;

  /**
   * A factory for {@code type}.
   *
   * @param type the client interface
   */
  public ClientFactoryBean(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public T getObject() {
    BeanFactory factory = Objects.requireNonNull(beanFactory, "bean factory not set");
    return factory.getBean(Messaging.class).client(type);
  }

  @Override
  public Class<T> getObjectType() {
    return type;
  }
}
