/**
 * The transactional outbox and the idempotent inbox: {@link io.hermod.jdbc.HermodJdbc} makes an
 * {@link io.hermod.jdbc.Outbox} (messages written in the caller's transaction, published after
 * commit by an {@link io.hermod.jdbc.OutboxRelay}) and an {@link io.hermod.jdbc.Inbox} (a handler
 * whose database writes commit together with the processed message id). Everything else in this
 * module is internal.
 *
 * @since 0.4
 */
@NullMarked
package io.hermod.jdbc;

import org.jspecify.annotations.NullMarked;
