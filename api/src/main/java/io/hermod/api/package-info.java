/**
 * What application code imports: {@link io.hermod.api.Messaging} and the immutable values it speaks
 * in ({@link io.hermod.api.ChannelSpec}, {@link io.hermod.api.Message}, {@link
 * io.hermod.api.Receipt}) plus the {@link io.hermod.api.MessagingException} hierarchy.
 *
 * <p>Every type here is free of third-party dependencies. Nothing is {@code null} unless a method
 * or component says so with {@code @Nullable}.
 *
 * @since 0.1
 */
@NullMarked
package io.hermod.api;

import org.jspecify.annotations.NullMarked;
