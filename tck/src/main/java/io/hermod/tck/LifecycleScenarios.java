package io.hermod.tck;

/**
 * E. Lifecycle: TTL, delay, bounded queues, size limits.
 *
 * <p>Scenarios: E01-E04 (see TCK.md). Each test's display name starts with its id.
 */
interface LifecycleScenarios extends Scenarios {}
