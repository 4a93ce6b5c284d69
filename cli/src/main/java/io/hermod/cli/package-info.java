/**
 * The entry point of the {@code hermod} command line, {@link io.hermod.cli.HermodCli}; the commands
 * themselves live in {@code io.hermod.cli.internal}.
 */
@NullMarked
package io.hermod.cli;

import org.jspecify.annotations.NullMarked;
