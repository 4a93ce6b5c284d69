/**
 * Hermod's Micrometer metrics: a {@link io.hermod.spi.observation.MessagingObserver} that turns
 * what core reports into meters, made by {@link io.hermod.micrometer.HermodMetrics}.
 */
module io.hermod.micrometer {
  requires transitive io.hermod.spi;
  // micrometer-core 1.17 ships no module-info; this is its Automatic-Module-Name.
  requires transitive micrometer.core;
  requires static org.jspecify;

  exports io.hermod.micrometer;
}
