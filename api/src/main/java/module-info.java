/**
 * Hermod's public API: the vocabulary application code imports (channels, messages, publishers,
 * subscriptions, receivers, requesters, errors).
 */
module io.hermod.api {
  requires static transitive org.jspecify;

  exports io.hermod.api;
}
