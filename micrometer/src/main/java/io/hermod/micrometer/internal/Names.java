package io.hermod.micrometer.internal;

import java.util.List;

/** Meter names and tag keys, in one place so the README and the code cannot drift apart. */
final class Names {

  private Names() {}

  // OpenTelemetry messaging semantic conventions.
  static final String SENT = "messaging.client.sent.messages";
  static final String OPERATION_DURATION = "messaging.client.operation.duration";
  static final String CONSUMED = "messaging.client.consumed.messages";
  static final String PROCESS_DURATION = "messaging.process.duration";

  // Hermod's own.
  static final String REDELIVERIES = "hermod.consumer.redeliveries";
  static final String DEAD_LETTERED = "hermod.consumer.dead.lettered";
  static final String DROPPED = "hermod.consumer.dropped";
  static final String DEDUPLICATED = "hermod.consumer.deduplicated";
  static final String FILTERED = "hermod.consumer.filtered";
  static final String EXPIRED = "hermod.consumer.expired";
  static final String CONSUMER_IN_FLIGHT = "hermod.consumer.inflight";
  static final String BACKLOG = "hermod.broker.backlog";
  static final String BROKER_IN_FLIGHT = "hermod.broker.inflight";
  static final String RPC_REQUESTS = "hermod.rpc.requests";
  static final String RPC_TIMEOUTS = "hermod.rpc.timeouts";
  static final String RPC_DURATION = "hermod.rpc.duration";
  static final String CIRCUIT_STATE = "hermod.circuit.state";
  static final String BROKER_REQUESTS = "hermod.broker.requests";
  static final String BROKER_BILLED_REQUESTS = "hermod.broker.billed.requests";
  static final String BROKER_BYTES = "hermod.broker.bytes";

  static final String SYSTEM = "messaging.system";
  static final String DESTINATION = "messaging.destination.name";
  static final String CONSUMER_GROUP = "messaging.consumer.group.name";
  static final String OPERATION = "messaging.operation.name";
  static final String ERROR_TYPE = "error.type";
  static final String BINDING = "hermod.binding";
  static final String DEAD_LETTER_REASON = "hermod.dead_letter.reason";
  static final String BROKER_OPERATION = "hermod.broker.operation";
  static final String STATE = "state";

  /** Tag keys Hermod sets, which an extra tag may not override. */
  static final List<String> OWN_TAG_KEYS =
      List.of(
          SYSTEM,
          DESTINATION,
          CONSUMER_GROUP,
          OPERATION,
          ERROR_TYPE,
          BINDING,
          DEAD_LETTER_REASON,
          BROKER_OPERATION,
          STATE);

  /**
   * The {@code error.type} of an outcome without error. The semantic conventions leave the tag off
   * then, but Prometheus needs every meter of one name to have the same tag keys, so Micrometer
   * instrumentation spells "no error" as a value.
   */
  static final String NO_ERROR = "none";

  /** The {@code error.type} of an RPC request without reply, as the conventions spell it. */
  static final String TIMEOUT = "timeout";

  static final String OPERATION_SEND = "send";
  static final String OPERATION_PROCESS = "process";
}
