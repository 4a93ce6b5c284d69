/**
 * The tracing observer behind {@link io.hermod.opentelemetry.HermodTracing}: the spans it makes per
 * send, delivery and request, and the attributes it caches per endpoint. Not exported; nothing here
 * is API.
 */
@NullMarked
package io.hermod.opentelemetry.internal;

import org.jspecify.annotations.NullMarked;
