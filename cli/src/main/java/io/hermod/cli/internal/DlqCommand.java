package io.hermod.cli.internal;

import io.hermod.api.DeadLetter;
import io.hermod.api.DeadLetterFilter;
import io.hermod.api.DeadLetterPage;
import io.hermod.api.DeadLetterResult;
import io.hermod.api.DeadLetters;
import io.hermod.api.Messaging;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hermod dlq list|show|redrive|purge}: a channel's dead letters, inspected and acted on
 * through {@code Messaging.deadLetters}. Not thread-safe; one instance per invocation.
 */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = {
      "Inspect and act on a channel's dead letters (<channel>.dlq) on any binding.",
      "",
      "list     a table of the dead letters the filter selects (browsing consumes nothing)",
      "show     one dead letter in full (--id)",
      "redrive  send the selected dead letters back to the channel: same id, attempts starting"
          + " again, header hermod_redrive_count; each leaves the DLQ only once the broker"
          + " confirmed it on the channel",
      "purge    delete the selected dead letters",
      "",
      "Example: hermod dlq redrive --binding kafka --config kafka.properties \\",
      "           --channel orders --error-class com.acme.StockServiceDown --dry-run"
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 some dead letters could not be redriven or purged,",
      "2 usage or configuration error, 3 broker unreachable."
    })
public final class DlqCommand implements Callable<Integer> {

  /** What to do. */
  enum Action {
    list,
    show,
    redrive,
    purge
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int BAR = 30;

  @Spec private CommandSpec spec;

  @Mixin private BindingOptions binding = new BindingOptions();

  @Mixin private ChannelOptions target = new ChannelOptions();

  @Parameters(index = "0", paramLabel = "ACTION", description = "list, show, redrive or purge.")
  private Action action = Action.list;

  @Option(names = "--reason", paramLabel = "REASON", description = "exhausted or undecodable.")
  private @Nullable String reason;

  @Option(
      names = "--error-class",
      paramLabel = "CLASS",
      description = "The last error's fully qualified class name.")
  private @Nullable String errorClass;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "A message id; repeat for several (show takes one).")
  private List<String> ids = new ArrayList<>();

  @Option(
      names = "--failed-after",
      paramLabel = "INSTANT",
      description = "Dead-lettered at or after, e.g. 2026-12-06T08:00:00Z.")
  private @Nullable Instant failedAfter;

  @Option(
      names = "--failed-before",
      paramLabel = "INSTANT",
      description = "Dead-lettered before, e.g. 2026-12-06T09:00:00Z.")
  private @Nullable Instant failedBefore;

  @Option(
      names = "--dry-run",
      description = "redrive or purge: only count what the filter selects.")
  private boolean dryRun;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "list: rows per page (default: ${DEFAULT-VALUE}).")
  private int limit;

  @Option(
      names = "--offset",
      paramLabel = "N",
      defaultValue = "0",
      description = "list: rows to skip (default: ${DEFAULT-VALUE}).")
  private int offset;

  /** For picocli. */
  public DlqCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (limit <= 0 || offset < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--limit must be > 0 and --offset >= 0, were " + limit + ", " + offset);
    }
    if (action == Action.show && ids.size() != 1) {
      throw new ParameterException(spec.commandLine(), "show needs exactly one --id");
    }
    DeadLetterFilter filter;
    try {
      filter = filter();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try (Messaging messaging = binding.connect(null)) {
      if (messaging.channel(target.channel).isEmpty()) {
        messaging.declare(Channels.spec(messaging, target.channel, target.kind).build());
      }
      DeadLetters dead = messaging.deadLetters(target.channel);
      return switch (action) {
        case list -> list(out, dead, filter);
        case show -> show(out, dead, ids.get(0));
        case redrive -> dryRun ? dryRun(out, dead, filter, "redriven") : redrive(out, dead, filter);
        case purge -> dryRun ? dryRun(out, dead, filter, "purged") : purge(out, dead, filter);
      };
    }
  }

  private DeadLetterFilter filter() {
    DeadLetterFilter.Builder b = DeadLetterFilter.builder().ids(ids);
    if (reason != null) {
      b.reason(reason);
    }
    if (errorClass != null) {
      b.errorClass(errorClass);
    }
    if (failedAfter != null) {
      b.failedAfter(failedAfter);
    }
    if (failedBefore != null) {
      b.failedBefore(failedBefore);
    }
    return b.build();
  }

  private int list(PrintWriter out, DeadLetters dead, DeadLetterFilter filter) {
    DeadLetterPage page = dead.browse(filter, offset, limit);
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"ID", "REASON", "ATTEMPTS", "ERROR", "LAST FAILURE", "REDRIVES", "PAYLOAD"});
    for (DeadLetter l : page.letters()) {
      rows.add(
          new String[] {
            l.id(),
            l.reason(),
            Integer.toString(l.attempts()),
            shortClass(l.errorClass()),
            l.lastFailedAt() == null ? "?" : TIME.format(l.lastFailedAt()),
            Integer.toString(l.redriveCount()),
            clip(l.payloadPreview(), 40)
          });
    }
    printTable(out, rows);
    out.printf(
        Locale.ROOT,
        "%s: rows %d-%d%s%n",
        dead.deadLetterChannel(),
        page.letters().isEmpty() ? 0 : offset + 1,
        offset + page.letters().size(),
        page.hasMore() ? ", more with --offset " + (offset + page.letters().size()) : "");
    out.flush();
    return ExitCodes.OK;
  }

  private int show(PrintWriter out, DeadLetters dead, String id) {
    DeadLetter l = dead.find(id).orElse(null);
    if (l == null) {
      out.printf("no dead letter with id %s in %s%n", id, dead.deadLetterChannel());
      out.flush();
      return ExitCodes.FAILURES;
    }
    out.printf("id              %s%n", l.id());
    out.printf("channel         %s%n", l.channel());
    if (l.subscription() != null) {
      out.printf("subscription    %s%n", l.subscription());
    }
    out.printf("reason          %s%n", l.reason());
    out.printf("attempts        %d%n", l.attempts());
    out.printf("error           %s: %s%n", l.errorClass(), l.errorMessage());
    out.printf("first failure   %s%n", l.firstFailedAt() == null ? "?" : l.firstFailedAt());
    out.printf("last failure    %s%n", l.lastFailedAt() == null ? "?" : l.lastFailedAt());
    out.printf("redrives        %d%n", l.redriveCount());
    out.printf("payload         %d bytes: %s%n", l.payloadSize(), l.payloadPreview());
    out.println("headers");
    for (Map.Entry<String, String> h : new java.util.TreeMap<>(l.headers()).entrySet()) {
      out.printf("  %s=%s%n", h.getKey(), h.getValue());
    }
    out.flush();
    return ExitCodes.OK;
  }

  private int dryRun(PrintWriter out, DeadLetters dead, DeadLetterFilter filter, String verb) {
    out.printf(
        "dry run: %d dead letters in %s would be %s%n",
        dead.count(filter), dead.deadLetterChannel(), verb);
    out.flush();
    return ExitCodes.OK;
  }

  private int redrive(PrintWriter out, DeadLetters dead, DeadLetterFilter filter) {
    DeadLetterResult r =
        dead.redrive(
            filter,
            (done, selected) -> {
              int filled = selected == 0 ? BAR : (int) ((long) BAR * done / selected);
              out.printf(
                  Locale.ROOT,
                  "\rredriving [%s%s] %d/%d",
                  "#".repeat(filled),
                  ".".repeat(BAR - filled),
                  done,
                  selected);
              out.flush();
            });
    out.printf(
        "%nredriven %d of %d from %s to %s%s%n",
        r.done(),
        r.selected(),
        dead.deadLetterChannel(),
        dead.channel(),
        r.failed() == 0 ? "" : "; " + r.failed() + " stay in the DLQ (see the log)");
    out.flush();
    return r.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURES;
  }

  private int purge(PrintWriter out, DeadLetters dead, DeadLetterFilter filter) {
    DeadLetterResult r = dead.purge(filter);
    out.printf("purged %d of %d from %s%n", r.done(), r.selected(), dead.deadLetterChannel());
    out.flush();
    return r.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURES;
  }

  private static void printTable(PrintWriter out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        s.append(row[i]);
        if (i < row.length - 1) {
          s.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(s.toString().stripTrailing());
    }
  }

  static String shortClass(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? className : className.substring(dot + 1);
  }

  static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
