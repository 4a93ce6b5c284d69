/**
 * Hermod's service provider interface: what a binding implements, and helpers binding authors may
 * reuse.
 */
module io.hermod.spi {
  requires transitive io.hermod.api;
  requires static transitive org.jspecify;

  exports io.hermod.spi;
  exports io.hermod.spi.support;
  exports io.hermod.spi.observation;

  uses io.hermod.spi.BindingProvider;
  uses io.hermod.spi.PayloadCodec;
}
