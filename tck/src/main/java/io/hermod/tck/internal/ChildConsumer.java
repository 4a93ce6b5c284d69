package io.hermod.tck.internal;

import io.hermod.api.ChannelSpec;
import io.hermod.api.DeliveryGuarantee;
import io.hermod.api.Durability;
import io.hermod.api.Messaging;
import io.hermod.api.SubscriptionOptions;
import io.hermod.core.Hermod;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

/**
 * The consumer JVM of scenario C11: builds {@code Messaging} from the configuration file the kit
 * wrote, subscribes to an exactly-once queue with concurrency 1 and a small prefetch, and appends
 * each handled id to a file before its handler returns, with one unbuffered write, so the kit knows
 * what it handled even after {@code kill -9}. It never exits by itself while the test runs: the kit
 * kills it. It does halt if the kit's JVM is gone or its lifetime has passed, so it can never
 * outlive the test.
 *
 * <p>Usage: {@code java -cp <the test class path> io.hermod.tck.internal.ChildConsumer
 * <file.properties>}; the file holds the {@code hermod.*} configuration and the {@code tck.*} keys
 * read below.
 */
public final class ChildConsumer {

  /** The queue to consume. */
  public static final String CHANNEL = "tck.channel";

  /** The queue's {@link Durability}, as declared by the kit. */
  public static final String DURABILITY = "tck.durability";

  /** The subscription's prefetch. */
  public static final String PREFETCH = "tck.prefetch";

  /** How long the handler works on each message, in milliseconds. */
  public static final String HANDLER_MILLIS = "tck.handler-millis";

  /** The file each handled id is appended to, one per line. */
  public static final String HANDLED_FILE = "tck.handled-file";

  /** The file created once the subscription is started. */
  public static final String READY_FILE = "tck.ready-file";

  /** The kit JVM's process id: the child halts when it is gone. */
  public static final String PARENT_PID = "tck.parent-pid";

  /** The longest the child lives, in seconds, whatever happens to the kit. */
  public static final String MAX_LIFETIME_SECONDS = "tck.max-lifetime-seconds";

  /** The exit status when the child halts on its own (kit gone or lifetime over). */
  public static final int HALTED = 3;

  private ChildConsumer() {}

  /**
   * Runs the consumer until killed.
   *
   * @param args one argument: the properties file
   * @throws Exception if it cannot start; the kit then sees the process end and shows its output
   */
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      p.load(in);
    }
    guardLifetime(
        Long.parseLong(p.getProperty(PARENT_PID)),
        Duration.ofSeconds(Long.parseLong(p.getProperty(MAX_LIFETIME_SECONDS))));
    Map<String, String> config = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("hermod.")) {
        config.put(key, p.getProperty(key));
      }
    }
    String channel = p.getProperty(CHANNEL);
    long handlerNanos = Duration.ofMillis(Long.parseLong(p.getProperty(HANDLER_MILLIS))).toNanos();
    // Append mode, no buffer: each id is one write(2), in the page cache before the handler
    // returns, so it survives the SIGKILL that ends this JVM.
    FileOutputStream handled = new FileOutputStream(p.getProperty(HANDLED_FILE), true);
    Messaging messaging = Hermod.builder().config(config).build();
    messaging.declare(
        ChannelSpec.queue(channel)
            .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .durability(Durability.valueOf(p.getProperty(DURABILITY)))
            .build());
    messaging.subscribe(
        channel,
        String.class,
        SubscriptionOptions.builder()
            .concurrency(1)
            .prefetch(Integer.parseInt(p.getProperty(PREFETCH)))
            .build(),
        d -> {
          LockSupport.parkNanos(handlerNanos);
          byte[] line = (d.message().id() + "\n").getBytes(StandardCharsets.UTF_8);
          synchronized (handled) {
            try {
              handled.write(line);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
    Files.writeString(Path.of(p.getProperty(READY_FILE)), "ready\n", StandardCharsets.UTF_8);
    // The subscription's threads keep the JVM alive until the kit kills it.
    Thread.currentThread().join();
  }

  private static void guardLifetime(long parentPid, Duration lifetime) {
    long end = System.nanoTime() + lifetime.toNanos();
    Thread guard =
        new Thread(
            () -> {
              while (true) {
                boolean parentAlive =
                    ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false);
                if (!parentAlive || System.nanoTime() - end > 0) {
                  System.err.println(
                      "[tck child] halting: "
                          + (parentAlive ? "lifetime of " + lifetime + " over" : "kit JVM gone"));
                  Runtime.getRuntime().halt(HALTED);
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
              }
            },
            "tck-child-lifetime-guard");
    guard.setDaemon(true);
    guard.start();
  }
}
