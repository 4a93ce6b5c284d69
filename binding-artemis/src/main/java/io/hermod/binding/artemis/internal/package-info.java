/**
 * The Artemis binding's implementation: the provider, the binding holding one JMS connection,
 * outbound and inbound endpoints, and the mapping of Hermod messages, names and filters to JMS. Not
 * API: nothing here is exported.
 */
@NullMarked
package io.hermod.binding.artemis.internal;

import org.jspecify.annotations.NullMarked;
