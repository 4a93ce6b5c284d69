package io.hermod.tck;

/**
 * F. Durability and faults: close/reopen, consumer crash, replay, broker restart.
 *
 * <p>Scenarios: F01-F05 (see TCK.md). Each test's display name starts with its id.
 */
interface DurabilityScenarios extends Scenarios {}
