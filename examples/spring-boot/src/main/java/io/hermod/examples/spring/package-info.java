/**
 * The order service of {@code hermod-examples} as a Spring Boot application: the same listeners,
 * client interfaces and events, wired by {@code hermod-spring-boot-starter}.
 */
@NullMarked
package io.hermod.examples.spring;

import org.jspecify.annotations.NullMarked;
