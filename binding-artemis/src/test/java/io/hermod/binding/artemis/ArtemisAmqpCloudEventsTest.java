package io.hermod.binding.artemis;

import static io.hermod.binding.artemis.SpiSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.amqp.ProtonAmqpMessageFactory;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Filter;
import io.hermod.api.Message;
import io.hermod.spi.Binding;
import io.hermod.spi.Inbound;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * CloudEvents across protocols: what Hermod sends over the core protocol is a CloudEvent to the
 * CloudEvents SDK's AMQP binding reading over AMQP 1.0 (Qpid JMS as the AMQP client), and a
 * CloudEvent the SDK writes for AMQP, sent by Qpid JMS, is read by Hermod.
 */
class ArtemisAmqpCloudEventsTest {

  private static Binding binding;
  private static JmsConnectionFactory amqp;

  @BeforeAll
  static void start() {
    binding = SpiSupport.started();
    // Property names are not checked: the CloudEvents AMQP binding's names hold a colon.
    amqp =
        new JmsConnectionFactory(
            "amqp://127.0.0.1:"
                + ArtemisFixture.shared().amqpPort()
                + "?jms.validatePropertyNames=false");
  }

  @AfterAll
  static void stop() {
    binding.close();
  }

  @Test
  @DisplayName("Hermod -> core -> AMQP: the CloudEvents AMQP binding reads a binary-mode event")
  void hermodToAmqpReader() throws Exception {
    ChannelSpec q = ChannelSpec.queue(SpiSupport.name("ce-out")).build();
    binding.provision(q);
    Instant time = Instant.parse("2026-01-02T03:04:05.678Z");
    Message<byte[]> sent =
        Message.builder("{\"n\":1}".getBytes(StandardCharsets.UTF_8))
            .type("com.example.order.created")
            .source("/orders")
            .subject("o-1")
            .time(time)
            .contentType("application/json")
            .header("region", "eu")
            .build();
    binding.outbound(q).send(List.of(sent)).get(0).get(30, TimeUnit.SECONDS);

    try (Connection c = amqp.createConnection(ArtemisFixture.USER, ArtemisFixture.PASSWORD)) {
      c.start();
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer consumer = s.createConsumer(s.createQueue(q.name()));
      jakarta.jms.Message m = consumer.receive(30_000);
      assertThat(m).as("the message over AMQP").isNotNull();
      AmqpJmsMessageFacade facade = (AmqpJmsMessageFacade) ((JmsMessage) m).getFacade();
      Map<String, Object> props = new HashMap<>();
      for (String name : facade.getApplicationPropertyNames(new java.util.HashSet<>())) {
        props.put(name, facade.getApplicationProperty(name));
      }
      byte[] body = new byte[(int) ((BytesMessage) m).getBodyLength()];
      ((BytesMessage) m).readBytes(body);
      Symbol contentType = facade.getContentType();

      CloudEvent event =
          ProtonAmqpMessageFactory.createReader(
                  contentType == null ? null : contentType.toString(),
                  new ApplicationProperties(props),
                  new Data(new Binary(body)))
              .toEvent();
      assertThat(event.getId()).isEqualTo(sent.id());
      assertThat(event.getType()).isEqualTo("com.example.order.created");
      assertThat(event.getSource()).isEqualTo(URI.create("/orders"));
      assertThat(event.getSubject()).isEqualTo("o-1");
      assertThat(event.getDataContentType()).isEqualTo("application/json");
      assertThat(event.getTime()).isEqualTo(OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
      assertThat(event.getData().toBytes()).isEqualTo(sent.payload());
      // The application header travels as a plain application property.
      assertThat(props).containsEntry("region", "eu");
    }
  }

  @Test
  @DisplayName(
      "AMQP -> core -> Hermod: an event the SDK wrote for AMQP, sent by Qpid JMS, reads whole")
  void amqpSenderToHermod() throws Exception {
    ChannelSpec q = ChannelSpec.queue(SpiSupport.name("ce-in")).build();
    binding.provision(q);
    SpiSupport.Collector collector = new SpiSupport.Collector(true);
    Inbound in = binding.inbound(q, SpiSupport.sub("s", Filter.none(), 5), collector);
    OffsetDateTime time = OffsetDateTime.parse("2026-05-06T07:08:09.123Z");
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId("evt-42")
            .withType("com.example.shipped")
            .withSource(URI.create("/warehouse"))
            .withSubject("parcel-9")
            .withTime(time)
            .withDataContentType("application/json")
            .withExtension("region", "eu")
            .withData("{\"p\":9}".getBytes(StandardCharsets.UTF_8))
            .build();
    org.apache.qpid.proton.message.Message wire =
        ProtonAmqpMessageFactory.createWriter().writeBinary(event);
    assertThat(wire.getApplicationProperties().getValue()).containsKey("cloudEvents:id");

    try (Connection c = amqp.createConnection(ArtemisFixture.USER, ArtemisFixture.PASSWORD)) {
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer p = s.createProducer(s.createQueue(q.name()));
      BytesMessage m = s.createBytesMessage();
      m.writeBytes(((Data) wire.getBody()).getValue().getArray());
      AmqpJmsMessageFacade facade = (AmqpJmsMessageFacade) ((JmsMessage) m).getFacade();
      // The AMQP content-type and application properties exactly as the SDK wrote them.
      facade.setContentType(Symbol.valueOf(wire.getContentType()));
      for (Map.Entry<String, Object> e : wire.getApplicationProperties().getValue().entrySet()) {
        facade.setApplicationProperty(e.getKey(), e.getValue());
      }
      p.send(m);
    }

    await("the AMQP event in Hermod", () -> collector.deliveries.size() == 1, () -> "none");
    Message<byte[]> got = collector.deliveries.get(0).message();
    assertThat(got.id()).isEqualTo("evt-42");
    assertThat(got.type()).isEqualTo("com.example.shipped");
    assertThat(got.source()).isEqualTo("/warehouse");
    assertThat(got.subject()).isEqualTo("parcel-9");
    assertThat(got.time()).isEqualTo(time.toInstant());
    assertThat(got.contentType()).isEqualTo("application/json");
    assertThat(new String(got.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"p\":9}");
    in.close();
  }
}
