/**
 * Micrometer meters for Hermod: {@link io.hermod.micrometer.HermodMetrics} makes the observer to
 * install with {@code Hermod.builder().observer(...)}. Everything else in this module is internal.
 *
 * @since 0.3
 */
@NullMarked
package io.hermod.micrometer;

import org.jspecify.annotations.NullMarked;
