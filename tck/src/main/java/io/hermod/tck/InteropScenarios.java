package io.hermod.tck;

/**
 * H. Interoperability and security: CloudEvents, TLS, auth, health.
 *
 * <p>Scenarios: H01-H04 (see TCK.md). Each test's display name starts with its id.
 */
interface InteropScenarios extends Scenarios {}
