package io.hermod.tck;

import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Durability;
import io.hermod.api.Messaging;
import io.hermod.core.Hermod;
import io.hermod.spi.observation.MessagingObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * What every scenario uses: facades connected to the fixture's broker (closed after each scenario),
 * unique channel names, scaled counts, capability assumptions and deadline polling.
 *
 * <p>One instance per kit run. Thread-safe.
 *
 * @since 0.1
 */
public final class TckSupport {

  /** The default deadline for "until all N arrived". */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  private final BrokerFixture fixture;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicInteger sequence = new AtomicInteger();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final Map<String, Long> measured = new LinkedHashMap<>();
  private volatile Messaging shared;
  private volatile @Nullable Scenario current;

  TckSupport(BrokerFixture fixture) {
    this.fixture = fixture;
  }

  /**
   * The fixture under test.
   *
   * @return the fixture, never {@code null}
   */
  public BrokerFixture fixture() {
    return fixture;
  }

  /**
   * A new facade on the fixture's broker, closed after the scenario.
   *
   * @return a started facade, never {@code null}
   */
  public Messaging messaging() {
    return messaging(Map.of());
  }

  /**
   * A new facade on the fixture's broker with some settings overridden, closed after the scenario.
   *
   * @param overrides full {@code hermod.*} keys and values
   * @return a started facade, never {@code null}
   */
  public Messaging messaging(Map<String, String> overrides) {
    return messaging(overrides, List.of());
  }

  /**
   * A new facade on the fixture's broker with some settings overridden and observers installed,
   * closed after the scenario.
   *
   * @param overrides full {@code hermod.*} keys and values
   * @param observers the observers to install
   * @return a started facade, never {@code null}
   * @since 0.3
   */
  public Messaging messaging(Map<String, String> overrides, List<MessagingObserver> observers) {
    Map<String, String> config = new LinkedHashMap<>(fixture.config());
    config.putAll(overrides);
    Hermod.Builder builder = Hermod.builder().config(config);
    observers.forEach(builder::observer);
    Messaging m = builder.build();
    closeAfterScenario(m);
    return m;
  }

  /**
   * A new facade on the fixture's broker whose binding loses that share of the acknowledgements
   * made after processing ({@link LostAcks}), closed after the scenario.
   *
   * @param rate the share of acknowledgements turned into nacks, 0.0 to 1.0
   * @return a started facade, never {@code null}
   */
  public Messaging messagingLosingAcks(double rate) {
    Map<String, String> config = new LinkedHashMap<>(fixture.config());
    Messaging m =
        Hermod.builder()
            .config(config)
            .bindingProvider(LostAcks.around(config.get("hermod.binding"), rate))
            .build();
    closeAfterScenario(m);
    return m;
  }

  /**
   * Registers something to close after the current scenario, in reverse order.
   *
   * @param closeable the resource
   * @param <T> its type
   * @return the resource
   */
  public <T extends AutoCloseable> T closeAfterScenario(T closeable) {
    synchronized (toClose) {
      toClose.add(closeable);
    }
    return closeable;
  }

  /**
   * Starts a queue declaration that is persistent where the binding declares {@link
   * Capability#PERSISTENT} and memory-only otherwise, so basic scenarios run on every binding.
   *
   * @param name the channel name
   * @return a builder, never {@code null}
   */
  public ChannelSpec.Builder queue(String name) {
    return ChannelSpec.queue(name).durability(defaultDurability());
  }

  /**
   * Starts a topic declaration, persistent where the binding can be.
   *
   * @param name the channel name
   * @return a builder, never {@code null}
   */
  public ChannelSpec.Builder topic(String name) {
    return ChannelSpec.topic(name).durability(defaultDurability());
  }

  private Durability defaultDurability() {
    return capabilitiesProbe().capabilities().supports(Capability.PERSISTENT)
        ? Durability.PERSISTENT
        : Durability.MEMORY;
  }

  /**
   * Whether the binding declares a capability, without skipping.
   *
   * @param capability the capability
   * @return {@code true} if declared
   */
  public boolean supports(Capability capability) {
    return capabilitiesProbe().capabilities().supports(capability);
  }

  /**
   * Skips the scenario, with the reason, unless the binding declares {@code capability}. The kit's
   * own scenarios declare theirs with {@link Scenario#requires()} instead; this is for checks that
   * depend on more than the scenario.
   *
   * @param capability the capability required by the scenario
   */
  public void requires(Capability capability) {
    Messaging m = capabilitiesProbe();
    Assumptions.assumeTrue(
        m.capabilities().supports(capability),
        () -> "binding '" + fixture.bindingName() + "' does not declare capability " + capability);
  }

  /**
   * Skips the scenario with {@code reason} unless {@code condition} holds.
   *
   * @param condition what the scenario needs
   * @param reason why it is skipped otherwise
   */
  public void assume(boolean condition, String reason) {
    Assumptions.assumeTrue(condition, reason);
  }

  private Messaging capabilitiesProbe() {
    Messaging m = shared;
    if (m == null) {
      synchronized (this) {
        if (shared == null) {
          shared = Hermod.builder().config(fixture.config()).build();
        }
        m = shared;
      }
    }
    return m;
  }

  /**
   * A channel name unique to this run and scenario, so leftovers of other runs are never seen.
   *
   * @param scenario the scenario id or a short label, e.g. {@code a02}
   * @return e.g. {@code tck-1a2b3c4d-a02-7}
   */
  public String name(String scenario) {
    return "tck-"
        + runId
        + "-"
        + scenario.toLowerCase(java.util.Locale.ROOT)
        + "-"
        + sequence.incrementAndGet();
  }

  /**
   * A catalogue count scaled by the fixture and profile, never below 1.
   *
   * @param full the catalogue's count
   * @return the count to use
   */
  public int count(int full) {
    double f = fixture.scale();
    if ("short".equals(System.getProperty("io.hermod.tck.profile"))) {
      f *= 0.1;
    }
    return Math.max(1, (int) Math.round(full * f));
  }

  /**
   * How many messages a churn scenario (C09, C11, C12) sends: the fixture's scale applies, the
   * short profile does not. An instance must leave, join or die while the stream still flows; a
   * tenth of the stream is processed before the churn can happen, and the scenario would no longer
   * test what it says.
   *
   * @param full the catalogue's count
   * @return the count to use
   */
  public int churnCount(int full) {
    return Math.max(1, (int) Math.round(full * fixture.scale()));
  }

  /**
   * The default deadline plus the fixture's crash redelivery delay.
   *
   * @return the deadline, never {@code null}
   */
  public Duration deadline() {
    return DEFAULT_DEADLINE.plus(fixture.crashRedeliveryDelay());
  }

  /**
   * Polls {@code condition} every 10 ms until it holds or the deadline passes, then fails with
   * {@code what} and the state {@code detail} describes.
   *
   * @param what what was awaited, e.g. "all 100 messages"
   * @param deadline the longest wait
   * @param condition the condition
   * @param detail describes the state at failure
   */
  public void await(
      String what, Duration deadline, BooleanSupplier condition, Supplier<String> detail) {
    Deadlines.await(what, deadline, condition, detail);
  }

  /**
   * Polls {@code condition} until it holds or {@link #deadline()} passes.
   *
   * @param what what was awaited
   * @param condition the condition
   */
  public void await(String what, BooleanSupplier condition) {
    await(what, deadline(), condition, () -> "condition still false");
  }

  /**
   * Lets time pass on purpose, for checks that something does NOT happen during a window (a
   * filtered message never arrives, a delayed one is not yet visible). Never use it to wait for
   * something that should happen: use {@link #await}.
   *
   * @param duration how long
   */
  public static void pause(Duration duration) {
    Deadlines.pause(duration);
  }

  /**
   * Reports a count the scenario measured but does not assert (for example the duplicates an
   * at-least-once channel produced when an instance left). It appears in the scenario's row of the
   * report, in its {@code measured} object, whatever the result.
   *
   * @param name a lower-case name of letters, digits and {@code _}, e.g. {@code
   *     at_least_once_duplicates}
   * @param value the count
   * @throws IllegalArgumentException if the name is not of that form, or the running scenario's
   *     {@link Scenario#measures()} does not list it (the catalogue lists every reported count)
   */
  public void measure(String name, long value) {
    if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
      throw new IllegalArgumentException(
          "a measured count's name must be lower-case letters, digits and '_', was '" + name + "'");
    }
    Scenario scenario = current;
    if (scenario != null && !List.of(scenario.measures()).contains(name)) {
      throw new IllegalArgumentException(
          "the measured count '"
              + name
              + "' is not in the scenario's @Scenario(measures = ...) "
              + List.of(scenario.measures()));
    }
    synchronized (measured) {
      measured.put(name, value);
    }
  }

  /** Remembers what the scenario about to run declares; called by {@link ScenarioGate}. */
  void scenarioStarts(@Nullable Scenario scenario) {
    current = scenario;
  }

  /** Forgets the counts of the previous scenario; called before each scenario runs. */
  void clearMeasured() {
    synchronized (measured) {
      measured.clear();
    }
  }

  /**
   * The counts the current scenario measured, in the order first reported.
   *
   * @return a copy, never {@code null}
   */
  Map<String, Long> measured() {
    synchronized (measured) {
      return new LinkedHashMap<>(measured);
    }
  }

  void closeScenarioResources() {
    List<AutoCloseable> list;
    synchronized (toClose) {
      list = new ArrayList<>(toClose);
      toClose.clear();
    }
    for (int i = list.size() - 1; i >= 0; i--) {
      try {
        list.get(i).close();
      } catch (Exception e) {
        System.err.println("[tck] closing " + list.get(i) + " failed: " + e);
      }
    }
  }

  void closeAll() {
    closeScenarioResources();
    Messaging m = shared;
    if (m != null) {
      m.close();
      shared = null;
    }
  }
}
