package io.hermod.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Writes one JSON object per scenario to {@code target/tck-report.jsonl} (or the file named by
 * {@code -Dio.hermod.tck.report}): binding, scenario id, title, result, reason, millis, and {@code
 * measured}, an object of the counts the scenario reported through {@link TckSupport#measure}
 * (empty for most scenarios), e.g. {@code "measured":{"at_least_once_duplicates":12}}. The file is
 * truncated the first time a JVM writes to it, so every kit class of a test JVM ({@link
 * MessagingCompatibilityKit}, {@link ClusterCompatibilityKit}) appends to the same report.
 * Registered by the kit classes; public only because JUnit instantiates it.
 *
 * @since 0.1
 */
public final class TckReportExtension
    implements BeforeTestExecutionCallback, AfterTestExecutionCallback, TestWatcher {

  private static final Set<Path> TRUNCATED = ConcurrentHashMap.newKeySet();
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(TckReportExtension.class);

  @Override
  public void beforeTestExecution(ExtensionContext context) {
    support(context).ifPresent(TckSupport::clearMeasured);
    context.getStore(NS).put("start", System.nanoTime());
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    Long start = context.getStore(NS).get("start", Long.class);
    if (start != null) {
      context.getStore(NS).put("millis", (System.nanoTime() - start) / 1_000_000);
    }
    // Taken here, before the kit's @AfterEach, while the counts are the scenario's own.
    support(context).ifPresent(s -> context.getStore(NS).put("measured", s.measured()));
  }

  private static Optional<TckSupport> support(ExtensionContext context) {
    return context
        .getTestInstances()
        .map(i -> i.getAllInstances().get(0))
        .filter(CompatibilityKitBase.class::isInstance)
        .map(i -> ((CompatibilityKitBase) i).support());
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    write(context, "passed", null);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    write(context, "failed", String.valueOf(cause));
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    write(context, "skipped", cause.getMessage());
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    write(context, "skipped", reason.orElse("disabled"));
  }

  private static void write(ExtensionContext context, String result, String reason) {
    String display = context.getDisplayName();
    int space = display.indexOf(' ');
    String scenario = space > 0 ? display.substring(0, space) : display;
    String title = space > 0 ? display.substring(space + 1) : display;
    String binding = support(context).map(s -> s.fixture().bindingName()).orElse("?");
    Long millis = context.getStore(NS).get("millis", Long.class);
    StringBuilder json = new StringBuilder("{");
    field(json, "binding", binding).append(',');
    field(json, "scenario", scenario).append(',');
    field(json, "title", title).append(',');
    field(json, "result", result).append(',');
    field(json, "reason", reason == null ? "" : reason).append(',');
    json.append("\"millis\":").append(millis == null ? 0 : millis).append(',');
    json.append("\"measured\":{");
    Map<?, ?> measured = context.getStore(NS).get("measured", Map.class);
    if (measured != null) {
      String sep = "";
      for (Map.Entry<?, ?> e : measured.entrySet()) {
        json.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
        sep = ",";
      }
    }
    json.append("}}\n");
    Path file = Path.of(System.getProperty("io.hermod.tck.report", "target/tck-report.jsonl"));
    synchronized (TckReportExtension.class) {
      try {
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
        if (TRUNCATED.add(file.toAbsolutePath())) {
          Files.deleteIfExists(file);
        }
        Files.writeString(
            file,
            json,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static StringBuilder field(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }
}
