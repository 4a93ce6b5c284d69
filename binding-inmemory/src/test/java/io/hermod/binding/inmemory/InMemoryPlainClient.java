package io.hermod.binding.inmemory;

import io.hermod.api.Message;
import io.hermod.binding.inmemory.internal.BrokerClient;
import io.hermod.spi.support.WireHeaders;
import io.hermod.tck.PlainClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The in-memory broker's own client for H01: CloudEvents binary mode with {@code ce_} attributes,
 * the content type as {@code ce_datacontenttype}.
 */
final class InMemoryPlainClient implements PlainClient {

  private static final String PREFIX = "ce_";
  private static final WireHeaders WIRE = new WireHeaders(PREFIX, PREFIX + "datacontenttype");

  private final BrokerClient client;

  InMemoryPlainClient(BrokerClient client) {
    this.client = client;
  }

  @Override
  public void sendCloudEvent(String queue, Map<String, String> cloudEventAttributes, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    cloudEventAttributes.forEach((name, value) -> headers.put(PREFIX + name, value));
    client.send(queue, WIRE.fromHeaders(headers, body, UUID.randomUUID().toString()));
  }

  @Override
  public Optional<RawMessage> receive(String queue, Duration timeout) {
    return client.receive(queue, timeout).map(InMemoryPlainClient::raw);
  }

  private static RawMessage raw(Message<byte[]> m) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Map<String, String> other = new LinkedHashMap<>();
    WIRE.toHeaders(m)
        .forEach(
            (name, value) -> {
              if (name.startsWith(PREFIX)) {
                attributes.put(name.substring(PREFIX.length()), value);
              } else {
                other.put(name, value);
              }
            });
    return new RawMessage(attributes, other, m.payload());
  }

  @Override
  public void close() {
    client.close();
  }
}
