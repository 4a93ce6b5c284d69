package io.hermod.spring.boot.autoconfigure.internal;

import io.hermod.api.Publishes;
import io.hermod.api.Request;
import io.hermod.spring.boot.autoconfigure.EnableHermodClients;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers a {@link ClientFactoryBean} for every client interface {@link EnableHermodClients}
 * names or finds. Used once per annotated class while the context reads its configuration.
 */
public final class ClientRegistrar
    implements ImportBeanDefinitionRegistrar, EnvironmentAware, ResourceLoaderAware {

  private @org.jspecify.annotations.Nullable Environment environment;
  private @org.jspecify.annotations.Nullable ResourceLoader resourceLoader;

  /** A registrar; Spring makes it. */
  public ClientRegistrar() {}

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setResourceLoader(ResourceLoader resourceLoader) {
    this.resourceLoader = resourceLoader;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Map<String, Object> attributes =
        metadata.getAnnotationAttributes(EnableHermodClients.class.getName());
    if (attributes == null) {
      return;
    }
    Set<String> packages = new LinkedHashSet<>();
    for (String p : (String[]) attributes.get("basePackages")) {
      if (!p.isBlank()) {
        packages.add(p.trim());
      }
    }
    for (Class<?> c : (Class<?>[]) attributes.get("basePackageClasses")) {
      packages.add(c.getPackageName());
    }
    Class<?>[] explicit = (Class<?>[]) attributes.get("clients");
    if (packages.isEmpty() && explicit.length == 0) {
      packages.add(ClassUtils.getPackageName(metadata.getClassName()));
    }
    ClassLoader loader =
        resourceLoader != null ? resourceLoader.getClassLoader() : getClass().getClassLoader();
    Set<Class<?>> clients = new LinkedHashSet<>(java.util.List.of(explicit));
    ClassPathScanningCandidateComponentProvider scanner = scanner();
    for (String p : packages) {
      for (BeanDefinition candidate : scanner.findCandidateComponents(p)) {
        String name = candidate.getBeanClassName();
        if (name != null) {
          clients.add(ClassUtils.resolveClassName(name, loader));
        }
      }
    }
    for (Class<?> client : clients) {
      register(client, registry);
    }
  }

  private ClassPathScanningCandidateComponentProvider scanner() {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false) {
          @Override
          protected boolean isCandidateComponent(
              org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
            AnnotationMetadata m = definition.getMetadata();
            return m.isInterface() && m.isIndependent() && !m.isAnnotation();
          }
        };
    if (environment != null) {
      scanner.setEnvironment(environment);
    }
    if (resourceLoader != null) {
      scanner.setResourceLoader(resourceLoader);
    }
    scanner.addIncludeFilter(
        (reader, factory) -> {
          AnnotationMetadata m = reader.getAnnotationMetadata();
          return m.hasAnnotation(Publishes.class.getName())
              || m.hasAnnotatedMethods(Publishes.class.getName())
              || m.hasAnnotatedMethods(Request.class.getName());
        });
    return scanner;
  }

  private static <T> void register(Class<T> client, BeanDefinitionRegistry registry) {
    if (!client.isInterface()) {
      throw new IllegalArgumentException(
          "@EnableHermodClients(clients = "
              + client.getName()
              + ".class): a client is an interface with @Publishes or @Request methods; make "
              + client.getSimpleName()
              + " an interface or remove it from clients");
    }
    String name = client.getName();
    if (registry.containsBeanDefinition(name)) {
      return;
    }
    RootBeanDefinition definition = new RootBeanDefinition(ClientFactoryBean.class);
    definition.getConstructorArgumentValues().addIndexedArgumentValue(0, client);
    definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, client);
    registry.registerBeanDefinition(name, definition);
  }
}
