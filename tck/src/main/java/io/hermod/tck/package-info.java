/**
 * The compatibility kit. A binding module extends {@link io.hermod.tck.MessagingCompatibilityKit}
 * with one small test class that supplies a {@link io.hermod.tck.BrokerFixture}; the kit runs every
 * scenario of the catalogue (ids A01..H04) against the real broker, skips with the reason the ones
 * whose capability the binding does not declare, and writes {@code target/tck-report.jsonl}.
 *
 * @since 0.1
 */
@NullMarked
package io.hermod.tck;

import org.jspecify.annotations.NullMarked;
