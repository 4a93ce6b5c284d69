package io.hermod.binding.sqs;

import io.hermod.tck.BrokerFixture;
import io.hermod.tck.PlainClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * ElasticMQ, the SQS-compatible server, embedded in the test JVM on 127.0.0.1 and a random port.
 * One server per JVM, shared by every test class ({@link #shared()}); it keeps its queues in
 * memory, so it cannot be restarted on the same data.
 */
public final class ElasticMqFixture implements BrokerFixture {

  /** Visibility timeout used by tests: short, so a crashed consumer's messages return soon. */
  static final Duration VISIBILITY = Duration.ofSeconds(5);

  private static final ElasticMqFixture SHARED = new ElasticMqFixture();

  private SQSRestServer server;
  private int port;

  private ElasticMqFixture() {}

  /**
   * The JVM's one fixture.
   *
   * @return the fixture, started
   */
  public static synchronized ElasticMqFixture shared() {
    SHARED.start();
    return SHARED;
  }

  @Override
  public String bindingName() {
    return "sqs";
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      return;
    }
    server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    port = server.waitUntilStarted().localAddress().getPort();
  }

  /** The server lives as long as the JVM: every test class shares it. */
  @Override
  public void stop() {}

  /**
   * The endpoint URL.
   *
   * @return e.g. {@code http://127.0.0.1:41234}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public Map<String, String> config() {
    return config(endpoint().toString());
  }

  private static Map<String, String> config(String endpoint) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("hermod.binding", "sqs");
    c.put("hermod.sqs.endpoint", endpoint);
    c.put("hermod.sqs.region", "us-east-1");
    c.put("hermod.sqs.access-key-id", "test");
    c.put("hermod.sqs.secret-access-key", "test");
    c.put("hermod.sqs.visibility-timeout", VISIBILITY.toSeconds() + "s");
    c.put("hermod.sqs.wait-time", "2s");
    c.put("hermod.sqs.subscription-refresh", "1s");
    return c;
  }

  /**
   * The binding settings relative to {@code hermod.sqs.}.
   *
   * @return the settings
   */
  public Map<String, String> bindingSettings() {
    Map<String, String> relative = new LinkedHashMap<>();
    config().forEach(
        (k, v) -> {
          if (k.startsWith("hermod.sqs.")) {
            relative.put(k.substring("hermod.sqs.".length()), v);
          }
        });
    return relative;
  }

  @Override
  public Optional<Map<String, String>> unreachableConfig() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return Optional.of(config("http://127.0.0.1:" + s.getLocalPort()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Duration crashRedeliveryDelay() {
    return VISIBILITY;
  }

  @Override
  public Optional<PlainClient> plainClient() {
    return Optional.of(new SqsPlainClient(client()));
  }

  /**
   * A plain SDK client of the server.
   *
   * @return a new client; close it
   */
  public SqsAsyncClient client() {
    return SqsAsyncClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }
}
