/**
 * The SQS binding's implementation: the provider, the binding, queue naming and provisioning, the
 * wire format (message attributes with header folding) and the inbound and outbound endpoints. Not
 * API: nothing here is exported.
 */
@NullMarked
package io.hermod.binding.sqs.internal;

import org.jspecify.annotations.NullMarked;
