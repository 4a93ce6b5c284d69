package io.hermod.core.internal;

import io.hermod.api.Header;
import io.hermod.api.Key;
import io.hermod.api.RoutingKey;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What the annotation support needs from reflection: readable method and parameter names for error
 * messages, type arguments, and which message field an annotated parameter stands for. Stateless.
 */
final class AnnotatedMethods {

  /** The message field a {@code String} parameter stands for. */
  enum Field {
    HEADER,
    KEY,
    ROUTING_KEY
  }

  private AnnotatedMethods() {}

  /**
   * {@code Billing.onOrder(Order, String)}.
   *
   * @param m the method
   * @return its short description
   */
  static String describe(Method m) {
    return m.getDeclaringClass().getSimpleName()
        + "."
        + m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * {@code parameter 2 (String tenant)}, counting from 1.
   *
   * @param m the method
   * @param index the parameter index, from 0
   * @return the description
   */
  static String describe(Method m, int index) {
    Parameter p = m.getParameters()[index];
    return "parameter "
        + (index + 1)
        + " ("
        + shortName(p.getParameterizedType())
        + (p.isNamePresent() ? " " + p.getName() : "")
        + ")";
  }

  /**
   * A type as written in source, without packages or enclosing classes.
   *
   * @param type a type
   * @return e.g. {@code CompletionStage<Order>}
   */
  static String shortName(Type type) {
    return type.getTypeName().replaceAll("[\\w]*[.$]", "");
  }

  /**
   * The class argument of a one-argument generic type such as {@code Message<Order>}.
   *
   * @param type the generic type
   * @return the argument, or {@code null} if raw, a wildcard or a type variable
   */
  static @Nullable Class<?> typeArgument(Type type) {
    if (type instanceof ParameterizedType p
        && p.getActualTypeArguments().length == 1
        && p.getActualTypeArguments()[0] instanceof Class<?> c) {
      return c;
    }
    return null;
  }

  /**
   * The field an annotated parameter stands for.
   *
   * @param p the parameter
   * @return the fields it is annotated with ({@link Header}, {@link Key}, {@link RoutingKey})
   */
  static List<Field> fields(Parameter p) {
    return Arrays.stream(Field.values())
        .filter(
            f ->
                switch (f) {
                  case HEADER -> p.isAnnotationPresent(Header.class);
                  case KEY -> p.isAnnotationPresent(Key.class);
                  case ROUTING_KEY -> p.isAnnotationPresent(RoutingKey.class);
                })
        .toList();
  }

  /**
   * The annotation a field is written as, for messages.
   *
   * @param f the field
   * @return e.g. {@code @Header("name")}
   */
  static String annotation(Field f) {
    return switch (f) {
      case HEADER -> "@Header(\"name\")";
      case KEY -> "@Key";
      case ROUTING_KEY -> "@RoutingKey";
    };
  }

  /**
   * Checks a field parameter: {@code String}, one annotation, a header name.
   *
   * @param m the method
   * @param index the parameter index
   * @param fields what it is annotated with (at least one)
   * @return the problem, or {@code null} if fine
   */
  static @Nullable String checkField(Method m, int index, List<Field> fields) {
    Parameter p = m.getParameters()[index];
    if (fields.size() > 1) {
      return describe(m, index)
          + " has "
          + fields.stream().map(AnnotatedMethods::annotation).collect(Collectors.joining(" and "))
          + "; keep one";
    }
    if (p.getType() != String.class) {
      return describe(m, index)
          + " is annotated "
          + annotation(fields.get(0))
          + " but is not a String; declare it as String";
    }
    Header h = p.getAnnotation(Header.class);
    if (h != null && h.value().isBlank()) {
      return describe(m, index)
          + " has an empty @Header name; name the header, e.g. @Header(\"tenant\")";
    }
    return null;
  }

  /**
   * The wrapper class of a primitive type, or the type itself.
   *
   * @param type a type
   * @return the boxed type
   */
  static Class<?> boxed(Class<?> type) {
    return type.isPrimitive()
        ? java.lang.invoke.MethodType.methodType(type).wrap().returnType()
        : type;
  }
}
