/**
 * Kit internals that are not part of the kit's API: the main class of the consumer JVM that C11
 * kills with {@code kill -9}. May change without notice.
 */
@NullMarked
package io.hermod.tck.internal;

import org.jspecify.annotations.NullMarked;
