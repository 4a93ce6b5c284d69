/**
 * The commands of the {@code hermod} command line and what they share: configuration loading, exit
 * codes, message printing, the narrated demo and the TCK launcher with its generic broker fixture.
 * Not API: anything here may change.
 */
@NullMarked
package io.hermod.cli.internal;

import org.jspecify.annotations.NullMarked;
