/**
 * The entry point: {@link io.hermod.core.Hermod#fromConfig()} and {@link
 * io.hermod.core.Hermod#builder()}. Everything else in core is internal.
 *
 * @since 0.1
 */
@NullMarked
package io.hermod.core;

import org.jspecify.annotations.NullMarked;
