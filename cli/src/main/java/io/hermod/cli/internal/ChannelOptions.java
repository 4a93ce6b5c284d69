package io.hermod.cli.internal;

import io.hermod.api.ChannelKind;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The {@code --channel} and {@code --kind} options of {@code send} and {@code tail}. Not
 * thread-safe; one per command invocation.
 */
public final class ChannelOptions {

  @Option(
      names = "--channel",
      required = true,
      paramLabel = "NAME",
      description = "The channel name.")
  String channel = "";

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      defaultValue = "queue",
      description =
          "queue or topic (default: ${DEFAULT-VALUE}); the channel is declared as this if needed.")
  ChannelKind kind = ChannelKind.QUEUE;

  /** For picocli. */
  public ChannelOptions() {}

  /** The kind as the narration says it: {@code queue} or {@code topic}. */
  String kindName() {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
