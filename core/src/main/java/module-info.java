/** Hermod's runtime: the API on top of the SPI. Only the entry point {@code io.hermod.core} is exported. */
module io.hermod.core {
  requires transitive io.hermod.spi;
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports io.hermod.core;

  uses io.hermod.spi.BindingProvider;
  uses io.hermod.spi.PayloadCodec;
}
