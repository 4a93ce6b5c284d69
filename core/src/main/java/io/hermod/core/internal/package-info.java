/**
 * The runtime behind {@link io.hermod.core.Hermod}: configuration, binding discovery, codecs,
 * publishing with timeouts and circuit breaking, the consumption pipeline (expiry, filtering,
 * decoding, deduplication, redelivery, dead-lettering) and RPC. Not exported; nothing here is API.
 */
@NullMarked
package io.hermod.core.internal;

import org.jspecify.annotations.NullMarked;
