package io.hermod.tck;

/**
 * C. Delivery guarantees: redelivery, attempts, per-key order, exactly-once.
 *
 * <p>Scenarios: C01-C08 (see TCK.md). Each test's display name starts with its id.
 */
interface GuaranteeScenarios extends Scenarios {}
