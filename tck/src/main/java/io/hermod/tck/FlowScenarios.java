package io.hermod.tck;

/**
 * G. Batching and flow control: batch send and receive, backpressure, pause.
 *
 * <p>Scenarios: G01-G04 (see TCK.md). Each test's display name starts with its id.
 */
interface FlowScenarios extends Scenarios {}
