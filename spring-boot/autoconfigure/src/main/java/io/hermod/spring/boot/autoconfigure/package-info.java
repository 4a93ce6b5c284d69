/**
 * Hermod in a Spring Boot application: one {@link io.hermod.api.Messaging} bean configured from
 * Spring's {@code Environment} with Hermod's own keys ({@code hermod.binding}, {@code
 * hermod.channels.<name>.*}, ...), {@link io.hermod.api.MessageListener} beans started with the
 * context, {@link EnableHermodClients client interfaces} as beans, and, where the application has
 * them, an actuator health indicator, Micrometer meters and OpenTelemetry traces.
 *
 * <p>The auto-configuration classes are public only so that an application can exclude them ({@code
 * spring.autoconfigure.exclude}); their beans, not their methods, are the contract.
 */
@NullMarked
package io.hermod.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
