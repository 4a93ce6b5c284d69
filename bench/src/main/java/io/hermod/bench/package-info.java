/**
 * The benchmark's entry point: {@link io.hermod.bench.HermodBench} runs each binding's workload
 * through Hermod and through the broker's raw client and reports the ratio.
 */
@NullMarked
package io.hermod.bench;

import org.jspecify.annotations.NullMarked;
