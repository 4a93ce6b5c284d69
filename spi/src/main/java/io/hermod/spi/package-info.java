/**
 * What a binding implements: a {@link io.hermod.spi.BindingProvider} found by {@link
 * java.util.ServiceLoader} under its name, which creates a {@link io.hermod.spi.Binding}.
 *
 * <p>The division of labour: the binding moves bytes to and from its broker, keeps the broker's
 * promises (persistence, ordering per key, competing consumers, native dedup and filtering where it
 * declares them) and never holds more unsettled deliveries than a subscription's prefetch. Hermod's
 * core does everything else the same way for every binding: codecs, redelivery with backoff and
 * attempt counting, dead-lettering with failure headers, deduplication by message id, client-side
 * filtering, expiry checks, RPC correlation, send timeouts and circuit breaking.
 *
 * @since 0.1
 */
@NullMarked
package io.hermod.spi;

import org.jspecify.annotations.NullMarked;
