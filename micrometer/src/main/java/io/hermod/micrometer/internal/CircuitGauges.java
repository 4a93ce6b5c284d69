package io.hermod.micrometer.internal;

import io.hermod.spi.observation.CircuitState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The circuit breaker's state for one binding: one gauge per state, tagged {@code state}, reading 1
 * for the current state and 0 for the others (the shape Resilience4j's Micrometer module uses, so
 * one query shows which state holds and a sum over time shows how long).
 */
final class CircuitGauges {

  private final MeterFactory meters;
  private final AtomicReference<CircuitState> state;
  private final List<Gauge> gauges = new ArrayList<>();

  CircuitGauges(MeterFactory meters, String binding, CircuitState initial) {
    this.meters = meters;
    this.state = new AtomicReference<>(initial);
    Tags tags = meters.bindingTags(binding);
    for (CircuitState s : CircuitState.values()) {
      gauges.add(
          meters.gauge(
              Names.CIRCUIT_STATE,
              "1 while the circuit breaker in front of the binding's sends is in this state, else"
                  + " 0",
              "",
              tags.and(Names.STATE, s.name().toLowerCase(Locale.ROOT)),
              state,
              current -> current.get() == s ? 1 : 0));
    }
  }

  void set(CircuitState newState) {
    state.set(newState);
  }

  void remove() {
    gauges.forEach(meters::remove);
  }
}
