package io.hermod.tck;

/**
 * D. Failure handling: dead-lettering, malformed payloads, backoff, exhaustion.
 *
 * <p>Scenarios: D01-D05 (see TCK.md). Each test's display name starts with its id.
 */
interface FailureScenarios extends Scenarios {}
