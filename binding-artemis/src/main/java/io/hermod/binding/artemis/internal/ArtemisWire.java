package io.hermod.binding.artemis.internal;

import io.hermod.api.ChannelKind;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Message;
import io.hermod.spi.support.CompactAttributes;
import io.hermod.spi.support.DedupIds;
import io.hermod.spi.support.WireHeaders;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

/**
 * Maps Hermod messages to JMS messages and back: a {@code BytesMessage} body, the CloudEvents
 * binary-mode attributes twice, as JMS properties ({@code cloudEvents_*}) for JMS readers and as
 * the CloudEvents AMQP binding's application properties ({@code cloudEvents:*}) for AMQP readers,
 * the content type also in {@code JMS_AMQP_ContentType} (the AMQP {@code content-type}), and
 * application headers as properties (escaped by {@link JmsNames}); either attribute form is read.
 * Plus the native JMS fields a plain JMS client expects: {@code JMSCorrelationID}, {@code
 * JMSReplyTo}, {@code JMSXGroupID} on ordered channels and {@code _AMQ_DUPL_ID} on exactly-once
 * channels. With {@code hermod.artemis.wire-format=compact} the attributes travel instead as one
 * bytes property of {@link CompactAttributes}; both forms are read. Stateless and thread-safe.
 */
final class ArtemisWire {

  private static final WireHeaders WIRE = WireHeaders.JMS;

  /** The property the compact attributes travel in. */
  private static final SimpleString COMPACT_PROPERTY = SimpleString.of(CompactAttributes.HEADER);

  private ArtemisWire() {}

  /**
   * A JMS message for {@code message}, created in {@code session}.
   *
   * @param session the session that will send it
   * @param channel the channel it is sent to
   * @param message the message with its encoded payload
   * @param compact whether the attributes go as one property of {@link CompactAttributes} instead
   *     of CloudEvents properties (for Hermod at both ends)
   * @return the JMS message, never {@code null}
   * @throws JMSException if the session refuses
   */
  static BytesMessage toJms(
      Session session, ChannelSpec channel, Message<byte[]> message, boolean compact)
      throws JMSException {
    BytesMessage jms = session.createBytesMessage();
    jms.writeBytes(message.payload());
    // Straight onto the core message: the names are valid and unreserved by construction
    // (JmsNames), so the JMS layer's per-property name checks would only cost time.
    ClientMessage core = ((ActiveMQMessage) jms).getCoreMessage();
    if (compact) {
      CompactAttributes.writeUnpackedHeaders(
          message, (name, value) -> core.putStringProperty(JmsNames.propertyName(name), value));
      core.putBytesProperty(COMPACT_PROPERTY, CompactAttributes.encode(message));
    } else {
      cloudEvents(core, message);
    }
    if (channel.kind() == ChannelKind.TOPIC) {
      // Only topic subscriptions filter with selectors (see Selectors); a queue channel's
      // messages would carry these two properties for nothing, on every send and delivery.
      jms.setIntProperty(JmsNames.ROUTING_WORD_COUNT, Selectors.wordCount(message.routingKey()));
      jms.setStringProperty(JmsNames.ROUTING_WORDS, Selectors.wrappedWords(message.routingKey()));
    }
    if (message.correlationId() != null) {
      jms.setJMSCorrelationID(message.correlationId());
    }
    if (message.replyTo() != null) {
      jms.setJMSReplyTo(ActiveMQDestination.createQueue(message.replyTo()));
    }
    if (channel.ordered() && message.key() != null) {
      jms.setStringProperty(JmsNames.GROUP_ID, message.key());
    }
    if (channel.ordered()) {
      jms.setStringProperty(JmsNames.DUPLICATE_ID, DedupIds.of(message));
    }
    return jms;
  }

  /** The CloudEvents properties, in both the JMS and the AMQP binding's names. */
  private static void cloudEvents(ClientMessage core, Message<byte[]> message) {
    WIRE.writeHeaders(
        message,
        (name, value) -> {
          core.putStringProperty(JmsNames.propertyName(name), value);
          if (name.equals(WIRE.contentTypeHeader())) {
            // AMQP readers find datacontenttype in the AMQP content-type (CloudEvents AMQP
            // binding).
            core.putStringProperty(JmsNames.AMQP_CONTENT_TYPE, value);
          } else if (name.startsWith(JmsNames.CE_JMS_PREFIX)) {
            // Application headers never start with the prefix (reserved, refused at send by core).
            core.putStringProperty(JmsNames.amqpAttribute(name), value);
          }
        });
  }

  /**
   * A copy of a received message to send back to its queue on a nack: the same body and properties,
   * without the duplicate id (the broker would drop the copy as a duplicate), and with the attempts
   * made so far so the delivery count keeps growing.
   *
   * @param session the session that will send it
   * @param original the received message
   * @param attemptsSoFar the delivery count of the received message
   * @return the copy, never {@code null}
   * @throws JMSException if the session refuses
   */
  static BytesMessage copyForRedelivery(
      Session session, jakarta.jms.Message original, int attemptsSoFar) throws JMSException {
    BytesMessage copy = session.createBytesMessage();
    copy.writeBytes(body(original));
    // Copied on the core messages: the AMQP attribute names ({@code cloudEvents:id}) are valid
    // core names that the JMS API would refuse.
    ClientMessage from = ((ActiveMQMessage) original).getCoreMessage();
    ClientMessage to = ((ActiveMQMessage) copy).getCoreMessage();
    for (SimpleString name : from.getPropertyNames()) {
      String n = name.toString();
      if (n.startsWith("_AMQ")
          || n.startsWith("__AMQ")
          || (n.startsWith("JMS") && !n.equals(JmsNames.AMQP_CONTENT_TYPE))) {
        continue;
      }
      to.putObjectProperty(name, from.getObjectProperty(name));
    }
    String group = original.getStringProperty(JmsNames.GROUP_ID);
    if (group != null) {
      copy.setStringProperty(JmsNames.GROUP_ID, group);
    }
    copy.setIntProperty(JmsNames.ATTEMPTS_BEFORE, attemptsSoFar);
    if (original.getJMSCorrelationID() != null) {
      copy.setJMSCorrelationID(original.getJMSCorrelationID());
    }
    if (original.getJMSReplyTo() != null) {
      copy.setJMSReplyTo(original.getJMSReplyTo());
    }
    return copy;
  }

  /**
   * The Hermod message carried by a received JMS message. Properties that are not CloudEvents
   * attributes become headers; the native JMS fields fill in what the CloudEvents properties do not
   * carry (a plain JMS requester sets only {@code JMSCorrelationID} and {@code JMSReplyTo}).
   *
   * @param jms the received message
   * @return the message with its raw payload, never {@code null}
   * @throws JMSException if the message cannot be read
   */
  static Message<byte[]> fromJms(jakarta.jms.Message jms) throws JMSException {
    Map<String, String> props = new LinkedHashMap<>();
    String amqpContentType = null;
    byte[] compact = null;
    for (Enumeration<?> names = jms.getPropertyNames(); names.hasMoreElements(); ) {
      String name = (String) names.nextElement();
      if (name.equals(CompactAttributes.HEADER)) {
        compact = (byte[]) jms.getObjectProperty(name);
        continue;
      }
      if (name.equals(JmsNames.AMQP_CONTENT_TYPE)) {
        amqpContentType = jms.getStringProperty(name);
        continue;
      }
      String header = JmsNames.header(name);
      Object value = jms.getObjectProperty(name);
      if (header == null || value == null) {
        continue;
      }
      if (header.startsWith(JmsNames.CE_AMQP_PREFIX)) {
        // An AMQP sender's attribute (or Hermod's own second copy): the JMS form wins if both.
        props.putIfAbsent(
            JmsNames.CE_JMS_PREFIX + header.substring(JmsNames.CE_AMQP_PREFIX.length()),
            value.toString());
      } else {
        props.put(header, value.toString());
      }
    }
    if (amqpContentType != null) {
      // The AMQP content-type is datacontenttype unless the JMS property says otherwise (a JMS
      // client over AMQP cannot set it, and Qpid JMS sends application/octet-stream for bytes).
      props.putIfAbsent(WIRE.contentTypeHeader(), amqpContentType);
    }
    String jmsId = jms.getJMSMessageID();
    String fallbackId = jmsId == null ? java.util.UUID.randomUUID().toString() : jmsId;
    WireHeaders.Reader reader = WIRE.reader(body(jms));
    props.forEach(reader::header);
    if (compact != null) {
      reader.compact(compact);
    }
    Message<byte[]> m = reader.message(fallbackId);
    Message.Builder<byte[]> b = null;
    if (m.correlationId() == null && jms.getJMSCorrelationID() != null) {
      b = m.toBuilder().correlationId(jms.getJMSCorrelationID());
    }
    Destination replyTo = jms.getJMSReplyTo();
    if (m.replyTo() == null && replyTo instanceof Queue q) {
      b = (b == null ? m.toBuilder() : b).replyTo(q.getQueueName());
    }
    if (m.expiresAt() == null && jms.getJMSExpiration() > 0) {
      b = (b == null ? m.toBuilder() : b).expiresAt(Instant.ofEpochMilli(jms.getJMSExpiration()));
    }
    String group = jms.getStringProperty(JmsNames.GROUP_ID);
    if (m.key() == null && group != null) {
      b = (b == null ? m.toBuilder() : b).key(group);
    }
    return b == null ? m : b.build();
  }

  /**
   * The body of a message as bytes: a {@code BytesMessage}'s bytes, a {@code TextMessage}'s text in
   * UTF-8, nothing for other kinds.
   *
   * @param jms the message
   * @return the bytes, never {@code null}
   * @throws JMSException if the body cannot be read
   */
  static byte[] body(jakarta.jms.Message jms) throws JMSException {
    if (jms instanceof BytesMessage bm) {
      bm.reset();
      byte[] bytes = new byte[(int) bm.getBodyLength()];
      bm.readBytes(bytes);
      return bytes;
    }
    if (jms instanceof TextMessage tm && tm.getText() != null) {
      return tm.getText().getBytes(StandardCharsets.UTF_8);
    }
    return new byte[0];
  }
}
