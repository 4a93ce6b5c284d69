/**
 * Helpers binding authors may reuse so every binding behaves the same: typed settings with errors
 * that name the key ({@link io.hermod.spi.support.Settings}), the CloudEvents header mapping
 * ({@link io.hermod.spi.support.WireHeaders}) and closest-name suggestions.
 *
 * @since 0.1
 */
@NullMarked
package io.hermod.spi.support;

import org.jspecify.annotations.NullMarked;
