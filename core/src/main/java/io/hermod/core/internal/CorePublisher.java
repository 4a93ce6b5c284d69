package io.hermod.core.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Confirm;
import io.hermod.api.ConfirmedSend;
import io.hermod.api.HeaderNames;
import io.hermod.api.InvalidMessageException;
import io.hermod.api.Message;
import io.hermod.api.MessageTooLargeException;
import io.hermod.api.MessagingException;
import io.hermod.api.Publisher;
import io.hermod.api.Receipt;
import io.hermod.api.SendResult;
import io.hermod.api.SerializationException;
import io.hermod.spi.PayloadCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends to one channel: encodes, fills in content type and expiry, checks the payload size against
 * the binding's maximum, then sends through {@link CoreMessaging#sendRaw}. Thread-safe.
 *
 * @param <T> the payload type
 */
final class CorePublisher<T> implements Publisher<T> {

  private final CoreMessaging messaging;
  private final ChannelSpec spec;
  private final PayloadCodec codec;

  CorePublisher(CoreMessaging messaging, ChannelSpec spec, PayloadCodec codec) {
    this.messaging = messaging;
    this.spec = spec;
    this.codec = codec;
  }

  @Override
  public String channel() {
    return spec.name();
  }

  @Override
  public CompletionStage<Receipt> send(T payload) {
    if (payload == null) {
      throw new NullPointerException(
          "send(null) on channel '" + spec.name() + "': a payload must not be null; send a value");
    }
    return send(Message.of(payload));
  }

  @Override
  public CompletionStage<Receipt> send(Message<T> message) {
    if (message == null) {
      throw new NullPointerException(
          "send((Message) null) on channel '"
              + spec.name()
              + "': a message must not be null; build one with Message.builder(payload)");
    }
    // One message, the common case: no lists to line batch entries up with their outcomes.
    messaging.ensureOpen();
    Message<byte[]> prepared;
    try {
      prepared = prepare(message);
    } catch (MessagingException e) {
      return CompletableFuture.failedFuture(e);
    }
    return messaging.sendRaw(spec, List.of(prepared)).get(0);
  }

  @Override
  public CompletionStage<List<SendResult>> sendAll(List<Message<T>> messages) {
    if (messages == null) {
      throw new NullPointerException(
          "sendAll(null) on channel '" + spec.name() + "': pass a list of messages");
    }
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) == null) {
        throw new NullPointerException(
            "sendAll on channel '"
                + spec.name()
                + "': entry "
                + i
                + " is null; build every message with Message.builder(payload)");
      }
    }
    List<CompletableFuture<Receipt>> futures = sendEach(messages);
    List<CompletableFuture<SendResult>> results = new ArrayList<>(futures.size());
    for (int i = 0; i < futures.size(); i++) {
      String id = messages.get(i).id();
      results.add(
          futures
              .get(i)
              .handle((r, e) -> new SendResult(id, r, e == null ? null : SendGuard.unwrap(e))));
    }
    return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
        .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
  }

  @Override
  public ConfirmedSend send(Message<T> message, Confirm confirm) {
    if (message == null || confirm == null) {
      throw new NullPointerException(
          "send(message, confirm) on channel '"
              + spec.name()
              + "': pass a message and a Confirm, e.g. Confirm.processedBy(\"billing\")");
    }
    if (spec.kind() == ChannelKind.TOPIC && confirm.subscriptions().isEmpty()) {
      throw new IllegalArgumentException(
          "send with Confirm.processed() on topic '"
              + spec.name()
              + "': every subscription of a topic gets its own copy, so name the ones that must"
              + " confirm with Confirm.processedBy(\"billing\", ...)");
    }
    messaging.ensureOpen();
    Message<byte[]> prepared;
    try {
      prepared = prepare(message);
    } catch (MessagingException e) {
      PendingConfirmation failed = new PendingConfirmation(message.id(), spec.name(), confirm);
      failed.receiptFuture().completeExceptionally(e);
      failed.completeExceptionally(e);
      return failed;
    }
    return messaging.confirmationTracker().send(spec, prepared, confirm);
  }

  private List<CompletableFuture<Receipt>> sendEach(List<Message<T>> messages) {
    messaging.ensureOpen();
    List<CompletableFuture<Receipt>> out = new ArrayList<>(messages.size());
    List<Message<byte[]>> ready = new ArrayList<>(messages.size());
    List<Integer> readyIndex = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      out.add(null);
      try {
        ready.add(prepare(messages.get(i)));
        readyIndex.add(i);
      } catch (MessagingException e) {
        out.set(i, CompletableFuture.failedFuture(e));
      }
    }
    if (!ready.isEmpty()) {
      List<CompletableFuture<Receipt>> sent = messaging.sendRaw(spec, ready);
      for (int j = 0; j < sent.size(); j++) {
        out.set(readyIndex.get(j), sent.get(j));
      }
    }
    return out;
  }

  private Message<byte[]> prepare(Message<T> message) {
    checkHeaderNames(message);
    byte[] bytes;
    try {
      bytes = codec.encode(message.payload());
    } catch (Exception e) {
      throw new SerializationException(
          messaging.bindingName(),
          spec.name(),
          "cannot encode payload of type "
              + message.payload().getClass().getName()
              + " with "
              + codec.contentType()
              + ": "
              + e.getMessage()
              + "; make the type serializable by the codec or register a codec for it",
          e);
    }
    int max = messaging.capabilities().maxPayloadBytes();
    if (bytes.length > max) {
      throw new MessageTooLargeException(
          messaging.bindingName(),
          spec.name(),
          "payload of message "
              + message.id()
              + " is "
              + bytes.length
              + " bytes, over the limit of "
              + max
              + " bytes of binding '"
              + messaging.bindingName()
              + "' on channel '"
              + spec.name()
              + "'; send a smaller payload (compress it, or store it elsewhere and send a"
              + " reference)",
          null);
    }
    Instant expiresAt = message.expiresAt();
    Duration ttl = spec.ttl();
    if (expiresAt == null && ttl != null) {
      expiresAt = Instant.now().plus(ttl);
    }
    String contentType =
        message.contentType() == null ? codec.contentType() : message.contentType();
    Message<byte[]> encoded = message.withPayload(bytes, contentType);
    if (expiresAt == message.expiresAt()) {
      return encoded; // the common case: one copy, no builder
    }
    return encoded.toBuilder().expiresAt(expiresAt).build();
  }

  /**
   * Refuses headers whose names belong to the wire, where they would be lost or change the message.
   */
  private void checkHeaderNames(Message<T> message) {
    if (message.headers().isEmpty()) {
      return;
    }
    List<String> reserved = null;
    for (String name : message.headers().keySet()) {
      if (HeaderNames.isReserved(name)) {
        if (reserved == null) {
          reserved = new ArrayList<>();
        }
        reserved.add(name);
      }
    }
    if (reserved != null) {
      throw new InvalidMessageException(
          messaging.bindingName(),
          spec.name(),
          "message "
              + message.id()
              + " on channel '"
              + spec.name()
              + "' carries header"
              + (reserved.size() > 1 ? "s " : " ")
              + reserved
              + " with a name reserved for the wire ("
              + HeaderNames.describe()
              + "): on the broker it would be dropped or change the message; rename the header"
              + " (for example with an x- prefix), or set the message's own field instead"
              + " (contentType, key, routingKey, correlationId, expiresAt)");
    }
  }
}
