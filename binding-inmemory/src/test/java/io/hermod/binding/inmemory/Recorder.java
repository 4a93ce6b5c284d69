package io.hermod.binding.inmemory;

import io.hermod.spi.InboundDelivery;
import io.hermod.spi.InboundHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records every delivery; optionally settles it at once with an action. Thread-safe. */
final class Recorder implements InboundHandler {

  final List<InboundDelivery> deliveries = new CopyOnWriteArrayList<>();
  private final Consumer<InboundDelivery> action;

  private Recorder(Consumer<InboundDelivery> action) {
    this.action = action;
  }

  /** Acks every delivery at once. */
  static Recorder acking() {
    return new Recorder(InboundDelivery::ack);
  }

  /** Never settles: deliveries stay in flight. */
  static Recorder holding() {
    return new Recorder(d -> {});
  }

  static Recorder with(Consumer<InboundDelivery> action) {
    return new Recorder(action);
  }

  @Override
  public void onDelivery(InboundDelivery delivery) {
    deliveries.add(delivery);
    action.accept(delivery);
  }

  int count() {
    return deliveries.size();
  }

  List<String> bodies() {
    return deliveries.stream().map(SpiHarness::body).toList();
  }
}
