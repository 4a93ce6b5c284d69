/** The Hermod compatibility kit: a JUnit 5 suite every binding runs against its real broker. */
module io.hermod.tck {
  requires transitive io.hermod.core;
  requires transitive org.junit.jupiter.api;
  requires static transitive org.jspecify;
  requires org.assertj.core;
  // H05/H06: the instrumentation modules with the real SDK and registry.
  requires io.hermod.micrometer;
  requires io.hermod.opentelemetry;
  requires io.opentelemetry.sdk;
  requires io.opentelemetry.sdk.trace;
  requires io.opentelemetry.sdk.testing;

  exports io.hermod.tck;

  uses io.hermod.spi.BindingProvider;

  opens io.hermod.tck to
      org.junit.platform.commons;
}
