/** The outbox, relay and inbox implementations and their SQL; not exported. */
@NullMarked
package io.hermod.jdbc.internal;

import org.jspecify.annotations.NullMarked;
