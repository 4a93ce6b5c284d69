package io.hermod.tck;

/**
 * B. The six patterns: competing consumers, pub/sub, routing, wildcards, header filters, RPC.
 *
 * <p>Scenarios: B01-B08 (see TCK.md). Each test's display name starts with its id.
 */
interface PatternScenarios extends Scenarios {}
