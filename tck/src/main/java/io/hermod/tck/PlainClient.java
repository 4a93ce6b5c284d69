package io.hermod.tck;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The broker's own client, bypassing Hermod, for the CloudEvents interoperability scenario (H01). A
 * channel name maps to the broker object of the same name (queue, topic, SQS queue).
 *
 * @since 0.1
 */
public interface PlainClient extends AutoCloseable {

  /**
   * A message as the plain client saw it.
   *
   * @param cloudEventAttributes the CloudEvents attributes found in the protocol's binary-mode
   *     headers, keyed by attribute name without prefix ({@code id}, {@code source}, {@code type},
   *     {@code specversion}, ...), including {@code datacontenttype} if present
   * @param otherHeaders every other header or property
   * @param body the payload bytes
   */
  record RawMessage(
      Map<String, String> cloudEventAttributes, Map<String, String> otherHeaders, byte[] body) {}

  /**
   * Sends a CloudEvent in the protocol's binary content mode with the broker's plain client.
   *
   * @param queue the queue channel name
   * @param cloudEventAttributes attributes without prefix: {@code specversion}, {@code id}, {@code
   *     source}, {@code type}, optionally {@code subject}, {@code time}, {@code datacontenttype}
   * @param body the data
   * @throws Exception if the send fails
   */
  void sendCloudEvent(String queue, Map<String, String> cloudEventAttributes, byte[] body)
      throws Exception;

  /**
   * Receives (and acknowledges) one message from a queue with the plain client.
   *
   * @param queue the queue channel name
   * @param timeout the longest wait
   * @return the message, or empty after the timeout
   * @throws Exception if receiving fails
   */
  Optional<RawMessage> receive(String queue, Duration timeout) throws Exception;

  @Override
  void close();
}
