/**
 * The observer behind {@link io.hermod.micrometer.HermodMetrics}: meters cached per endpoint, per
 * error type and per broker operation, so the hot path looks nothing up by tags and allocates no
 * tags. Not exported.
 */
@NullMarked
package io.hermod.micrometer.internal;

import org.jspecify.annotations.NullMarked;
