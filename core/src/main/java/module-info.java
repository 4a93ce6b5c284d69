/**
 * Hermod's runtime: the API on top of the SPI. Only the entry point {@code io.hermod.core} is
 * exported.
 */
// "module": the qualified export below names hermod-jdbc, which is built after core.
@SuppressWarnings("module")
module io.hermod.core {
  requires transitive io.hermod.spi;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires io.github.resilience4j.core;
  requires io.github.resilience4j.circuitbreaker;
  // Only touched when a payload type needs the JSON codec; byte[] and String never load Jackson.
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  // Optional: only a hermod.yaml needs it (YamlConfigFile), and says so when it is missing.
  requires static com.fasterxml.jackson.dataformat.yaml;

  exports io.hermod.core;
  // hermod-jdbc's outbox encodes payloads when the row is written, with the same codec chain.
  exports io.hermod.core.internal to
      io.hermod.jdbc;

  uses io.hermod.spi.BindingProvider;
  uses io.hermod.spi.PayloadCodec;
}
