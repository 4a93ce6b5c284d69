package io.hermod.jdbc;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A relay in a JVM of its own, for {@link RelayCrashTest}: reads a properties file (the broker's
 * {@code hermod.*} configuration plus the keys below), relays until it is killed, and halts by
 * itself once its parent is gone or its lifetime is over, so a failed test never leaves it behind.
 */
public final class ChildRelay {

  static final String URL = "child.jdbc-url";
  static final String TABLE = "child.table";
  static final String CHANNEL = "child.channel";
  static final String LEASE_MILLIS = "child.lease-millis";
  static final String BATCH = "child.batch";
  static final String READY_FILE = "child.ready-file";
  static final String PARENT_PID = "child.parent-pid";
  static final long LIFETIME_MILLIS = 120_000;

  private ChildRelay() {}

  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      p.load(in);
    }
    Map<String, String> hermod = new HashMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("hermod.")) {
        hermod.put(name, p.getProperty(name));
      }
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(p.getProperty(URL));
    Duration lease = Duration.ofMillis(Long.parseLong(p.getProperty(LEASE_MILLIS)));
    Outbox outbox =
        HermodJdbc.outbox(
            ds,
            OutboxConfig.custom()
                .table(p.getProperty(TABLE))
                .lease(lease)
                .sendTimeout(lease.dividedBy(3))
                .batchSize(Integer.parseInt(p.getProperty(BATCH)))
                .pollInterval(Duration.ofMillis(20))
                .build());
    long parent = Long.parseLong(p.getProperty(PARENT_PID));
    Messaging messaging =
        Hermod.builder()
            .config(hermod)
            .declare(ChannelSpec.queue(p.getProperty(CHANNEL)).build())
            .build();
    OutboxRelay relay = outbox.startRelay(messaging);
    Files.writeString(Path.of(p.getProperty(READY_FILE)), relay.id());
    // Lives until the test JVM exits (or at most LIFETIME_MILLIS), then dies without cleanup.
    Optional<ProcessHandle> parentProcess = ProcessHandle.of(parent);
    if (parentProcess.isPresent()) {
      try {
        parentProcess.get().onExit().get(LIFETIME_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // lived its longest
      }
    }
    Runtime.getRuntime().halt(3);
  }
}
