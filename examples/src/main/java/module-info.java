/**
 * An order service written once against the Hermod API: the broker is chosen by configuration
 * alone. Opens its package so core can call the listener methods and the JSON codec can read and
 * write the event records.
 */
module io.hermod.examples {
  requires transitive io.hermod.api;
  requires io.hermod.core;
  requires static org.jspecify;

  exports io.hermod.examples;

  opens io.hermod.examples;
}
