/**
 * The auto-configuration's machinery: reading the {@code Environment}, starting and stopping
 * listener beans, making client beans, the failure analyzer. Not API: anything here may change.
 */
@NullMarked
package io.hermod.spring.boot.autoconfigure.internal;

import org.jspecify.annotations.NullMarked;
