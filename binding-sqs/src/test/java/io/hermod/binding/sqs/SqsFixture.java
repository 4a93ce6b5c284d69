package io.hermod.binding.sqs;

import io.hermod.binding.sqs.internal.SqsBindingProvider;
import io.hermod.tck.BrokerFixture;
import io.hermod.tck.PlainClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The SQS binding's TCK fixture: ElasticMQ, the SQS-compatible server, embedded in the test JVM on
 * 127.0.0.1 and a random port. One server per JVM, shared by every test class ({@link #shared()}).
 *
 * <p>{@link #stopBroker()} / {@link #startBroker()} model an outage of the SQS endpoint: the HTTP
 * server goes away (connections are refused) and comes back on the same port, while ElasticMQ's
 * queue store, an actor kept alive in between, keeps every accepted message, as SQS does.
 */
public final class SqsFixture implements BrokerFixture {

  /** Visibility timeout used by tests: short, so a crashed consumer's messages return soon. */
  static final Duration VISIBILITY = Duration.ofSeconds(5);

  private static final SqsFixture SHARED = new SqsFixture();

  private SQSRestServer server;
  private int port;
  private ActorSystem system;
  private ActorRef queueManager;

  private SqsFixture() {}

  /**
   * The JVM's one fixture.
   *
   * @return the fixture, started
   */
  public static synchronized SqsFixture shared() {
    SHARED.start();
    return SHARED;
  }

  @Override
  public String bindingName() {
    return SqsBindingProvider.NAME;
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      return;
    }
    system = ActorSystem.create("elasticmq");
    queueManager =
        system.actorOf(
            Props.create(
                QueueManagerActor.class,
                () ->
                    new QueueManagerActor(
                        new NowProvider(), StrictSQSLimits$.MODULE$, Option.empty())));
    server = builder().withDynamicPort().start();
    port = server.waitUntilStarted().localAddress().getPort();
  }

  private TheSQSRestServerBuilder builder() {
    return SQSRestServerBuilder.withActorSystem(system)
        .withQueueManagerActor(queueManager)
        .withInterface("127.0.0.1");
  }

  @Override
  public boolean canRestart() {
    return true;
  }

  @Override
  public synchronized void stopBroker() {
    if (server != null) {
      server.stopAndWait();
      server = null;
    }
  }

  @Override
  public synchronized void startBroker() {
    if (server == null) {
      server = builder().withPort(port).start();
      server.waitUntilStarted();
    }
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
    c.put("hermod.binding", SqsBindingProvider.NAME);
    // ElasticMQ is CPU-hungry; on a loaded 2-core machine confirmations can take seconds.
    c.put("hermod.send-timeout", "30s");
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
    config()
        .forEach(
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
