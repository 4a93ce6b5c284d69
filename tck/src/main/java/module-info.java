/** The Hermod compatibility kit: a JUnit 5 suite every binding runs against its real broker. */
module io.hermod.tck {
  requires transitive io.hermod.core;
  requires transitive org.junit.jupiter.api;
  requires static transitive org.jspecify;
  requires org.assertj.core;

  exports io.hermod.tck;

  uses io.hermod.spi.BindingProvider;

  opens io.hermod.tck to
      org.junit.platform.commons;
}
