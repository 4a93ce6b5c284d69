package io.hermod.binding.sqs;

import io.hermod.binding.sqs.internal.SqsTestAccess;
import io.hermod.tck.PlainClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The AWS SDK used directly, as an application outside Hermod would: CloudEvents binary mode on SQS
 * puts each attribute in a String message attribute {@code ce_<name>} and the content type in
 * {@code content-type}.
 */
final class SqsPlainClient implements PlainClient {

  private final SqsAsyncClient client;

  SqsPlainClient(SqsAsyncClient client) {
    this.client = client;
  }

  private String url(String queue) {
    String name = SqsTestAccess.queueName(queue);
    return client.getQueueUrl(r -> r.queueName(name)).join().queueUrl();
  }

  @Override
  public void sendCloudEvent(String queue, Map<String, String> attributes, byte[] body) {
    Map<String, MessageAttributeValue> a = new LinkedHashMap<>();
    attributes.forEach(
        (k, v) ->
            a.put(
                k.equals("datacontenttype") ? "content-type" : "ce_" + k,
                MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
    String url = url(queue);
    client
        .sendMessage(
            r ->
                r.queueUrl(url)
                    .messageBody(new String(body, StandardCharsets.UTF_8))
                    .messageAttributes(a))
        .join();
  }

  @Override
  public Optional<RawMessage> receive(String queue, Duration timeout) {
    String url = url(queue);
    long end = System.nanoTime() + timeout.toNanos();
    do {
      long left = Math.max(0, (end - System.nanoTime()) / 1_000_000_000L);
      int wait = (int) Math.min(5, left);
      var resp =
          client
              .receiveMessage(
                  r ->
                      r.queueUrl(url)
                          .maxNumberOfMessages(1)
                          .waitTimeSeconds(wait)
                          .messageAttributeNames("All"))
              .join();
      if (resp.hasMessages() && !resp.messages().isEmpty()) {
        Message m = resp.messages().get(0);
        client.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle())).join();
        Map<String, String> ce = new LinkedHashMap<>();
        Map<String, String> other = new LinkedHashMap<>();
        m.messageAttributes()
            .forEach(
                (k, v) -> {
                  String value =
                      v.stringValue() != null
                          ? v.stringValue()
                          : new String(v.binaryValue().asByteArray(), StandardCharsets.ISO_8859_1);
                  if (k.equals("content-type")) {
                    ce.put("datacontenttype", value);
                  } else if (k.startsWith("ce_")) {
                    ce.put(k.substring(3), value);
                  } else {
                    other.put(k, value);
                  }
                });
        return Optional.of(new RawMessage(ce, other, m.body().getBytes(StandardCharsets.UTF_8)));
      }
    } while (System.nanoTime() < end);
    return Optional.empty();
  }

  @Override
  public void close() {
    client.close();
  }
}
