/**
 * Benchmark internals: the transports under test (Hermod and one raw client per broker), the
 * workloads, the statistics and the report writers.
 */
@NullMarked
package io.hermod.bench.internal;

import org.jspecify.annotations.NullMarked;
