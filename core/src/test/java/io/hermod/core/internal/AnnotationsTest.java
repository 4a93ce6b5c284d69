package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.Delivery;
import io.hermod.api.Header;
import io.hermod.api.Key;
import io.hermod.api.Message;
import io.hermod.api.MessageListener;
import io.hermod.api.Publishes;
import io.hermod.api.Receipt;
import io.hermod.api.Registration;
import io.hermod.api.Request;
import io.hermod.api.RoutingKey;
import io.hermod.api.SubscriptionOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code register(bean)} and {@code client(type)} against the SPI test double. */
class AnnotationsTest {

  private final ManualBinding binding = new ManualBinding();
  private final CoreMessaging messaging = binding.messaging();

  AnnotationsTest() {
    messaging
        .declare(ChannelSpec.queue("orders").build())
        .declare(ChannelSpec.topic("events").build())
        .declare(ChannelSpec.queue("jobs").build())
        .declare(ChannelSpec.queue("prices").build());
  }

  @AfterEach
  void close() {
    messaging.close();
  }

  private static void await(String what, BooleanSupplier condition) {
    Deadline.await(what, condition);
  }

  record Order(String id, int quantity) {}

  public static class Shop {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @MessageListener(channel = "orders", concurrency = 2)
    public void onOrder(Order order, @Header("tenant") String tenant, @Key String customer) {
      seen.add(
          "order "
              + order.id()
              + " x"
              + order.quantity()
              + " tenant="
              + tenant
              + " key="
              + customer);
    }

    @MessageListener(channel = "events", subscription = "audit", filter = "orders.*")
    void onEvent(Message<String> event) {
      seen.add("event " + event.payload() + " @" + event.routingKey());
    }

    @MessageListener(channel = "jobs")
    void onJob(Delivery<byte[]> job, @RoutingKey String routingKey) {
      seen.add(
          "job " + new String(job.payload(), StandardCharsets.UTF_8) + " attempt " + job.attempt());
    }
  }

  @Publishes(channel = "orders")
  interface ShopEvents {
    CompletionStage<Receipt> placed(
        Order order, @Key String customer, @Header("tenant") String tenant);

    @Publishes(channel = "events")
    Receipt event(String event, @RoutingKey String routingKey);

    @Publishes(channel = "jobs")
    void job(byte[] job);

    default Receipt placedBy(String customer) {
      return event("placed by " + customer, "orders.placed");
    }
  }

  @Test
  void listenersReceiveWhatTheClientSends() throws Exception {
    Shop shop = new Shop();
    Registration registration = messaging.register(shop);
    assertThat(registration.subscriptions())
        .extracting(s -> s.channel() + "/" + s.name())
        .containsExactlyInAnyOrder("orders/default", "events/audit", "jobs/default");
    ShopEvents events = messaging.client(ShopEvents.class);

    Receipt r =
        events
            .placed(new Order("o-1", 2), "c-7", "acme")
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertThat(r.channel()).isEqualTo("orders");
    events.event("shipped", "orders.shipped");
    events.event("ignored", "billing.paid");
    events.placedBy("c-8");
    events.job("resize".getBytes(StandardCharsets.UTF_8));

    await("four messages handled", () -> shop.seen.size() >= 4);
    assertThat(shop.seen)
        .containsExactlyInAnyOrder(
            "order o-1 x2 tenant=acme key=c-7",
            "event shipped @orders.shipped",
            "event placed by c-8 @orders.placed",
            "job resize attempt 1");
    assertThat(binding.sent("orders").get(0).key()).isEqualTo("c-7");
    assertThat(events.toString())
        .isEqualTo("Hermod client " + ShopEvents.class.getName() + " on binding manual");

    registration.close();
    registration.close();
    assertThat(binding.inbounds.get("orders").closed).isTrue();
    assertThat(binding.inbounds.get("jobs").closed).isTrue();
  }

  public static class Failing {
    @MessageListener(channel = "jobs")
    public void onJob(String job) {
      throw new IllegalStateException("cannot " + job);
    }
  }

  @Test
  void whatAListenerThrowsIsRetriedLikeAnyHandlerFailure() {
    messaging.register(new Failing());
    ManualBinding.Manual d =
        binding.deliver("jobs", Message.builder("x".getBytes(StandardCharsets.UTF_8)).build(), 1);
    await("settled", d::settled);
    assertThat(d.settlement.get()).isEqualTo("nack 100ms");
  }

  interface Pricing {
    @Request(channel = "prices", timeout = "10s")
    String quote(String item);

    @Request(channel = "prices")
    CompletionStage<Integer> quantity(String item, @Header("unit") String unit);
  }

  @Test
  void requestMethodsReturnTheReplyThroughOneRequesterEach() throws Exception {
    messaging.respond(
        "prices",
        String.class,
        String.class,
        SubscriptionOptions.defaults(),
        d -> d.message().header("unit") == null ? "price of " + d.payload() : "7");
    Pricing pricing = messaging.client(Pricing.class);
    assertThat(pricing.quote("tea")).isEqualTo("price of tea");
    assertThat(pricing.quote("milk")).isEqualTo("price of milk");
    assertThat(pricing.quantity("tea", "kg").toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isEqualTo(7);
    assertThat(binding.handlers.keySet().stream().filter(c -> c.startsWith("prices.reply.")))
        .hasSize(2);
  }

  public static class Misused {
    @MessageListener(channel = "orders")
    public void twoPayloads(Order order, String note) {}

    @MessageListener(channel = "nowhere")
    public void unknownChannel(String s) {}

    @MessageListener(channel = "orders")
    public void badHeader(String s, @Header("count") int count) {}

    @MessageListener(channel = "orders")
    public void rawMessage(@SuppressWarnings("rawtypes") Message m) {}

    @MessageListener(channel = "orders", concurrency = 0, filter = "a..b")
    public void badOptions(String s) {}

    @MessageListener(channel = "orders")
    public String returnsSomething(String s) {
      return s;
    }
  }

  @Test
  void everyMisusedListenerIsReportedWithTheClassTheMethodAndTheFix() {
    ConfigurationException e =
        catchThrowableOfType(ConfigurationException.class, () -> messaging.register(new Misused()));
    assertThat(e)
        .hasMessageStartingWith(
            "[binding=manual] invalid configuration of @MessageListener methods of "
                + Misused.class.getName()
                + ": 7 problems");
    assertThat(e.problems())
        .containsExactly(
            "Misused.badHeader(String, int): parameter 2 (int count) is annotated"
                + " @Header(\"name\") but is not a String; declare it as String",
            "Misused.badOptions(String): @MessageListener(filter): routing pattern 'a..b' has an"
                + " empty word; use 'a.b', not 'a..b'",
            "Misused.badOptions(String): @MessageListener: concurrency must be >= 1, was 0",
            "Misused.rawMessage(Message): parameter 1 (Message m) does not say its payload type;"
                + " declare it as Message<String>, Message<byte[]> or Message<YourType>",
            "Misused.returnsSomething(String): returns String, which nobody would read; return void"
                + " (or CompletionStage to finish asynchronously), and answer requests with"
                + " messaging.respond(...)",
            "Misused.twoPayloads(Order, String): has 2 payload parameters (parameter 1 (Order"
                + " order), parameter 2 (String note)); keep one, and annotate the others"
                + " @Header(\"name\"), @Key or @RoutingKey",
            "Misused.unknownChannel(String): channel 'nowhere' is not declared; declare it before"
                + " register(...) with messaging.declare(ChannelSpec.queue(\"nowhere\").build()) (or"
                + " ChannelSpec.topic) or hermod.channels.nowhere.kind=queue");
    assertThat(binding.inbounds).isEmpty();
  }

  @Test
  void anObjectWithoutListenersIsAMistake() {
    assertThatThrownBy(() -> messaging.register("just a string"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "[binding=manual] invalid configuration of @MessageListener methods of"
                + " java.lang.String: java.lang.String has no @MessageListener method; annotate a"
                + " method with @MessageListener(channel = \"...\")");
  }

  abstract static class NotAnInterface {}

  interface MisusedClient {
    void unannotated(String s);

    @Publishes(channel = "nowhere")
    void unknownChannel(String s);

    @Publishes(channel = "orders")
    String wrongReturn(String s);

    @Publishes(channel = "orders")
    void twoPayloads(String a, String b);

    @Publishes(channel = "orders")
    void noPayload(@Key String key);

    @Request(channel = "prices", timeout = "soon")
    String badTimeout(String s);

    @Request(channel = "prices", timeout = "9223372036854775807s")
    String hugeTimeout(String s);

    @Request(channel = "prices")
    void noReply(String s);
  }

  @Test
  void everyMisusedClientMethodIsReportedWithTheInterfaceTheMethodAndTheFix() {
    assertThatThrownBy(() -> messaging.client(NotAnInterface.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "[binding=manual] invalid configuration of client "
                + NotAnInterface.class.getName()
                + ": "
                + NotAnInterface.class.getName()
                + " is not an interface; messaging.client(...) implements interfaces only: declare"
                + " the sending methods in an interface annotated @Publishes(channel = \"...\")");
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class, () -> messaging.client(MisusedClient.class));
    assertThat(e)
        .hasMessageStartingWith(
            "[binding=manual] invalid configuration of client "
                + MisusedClient.class.getName()
                + ": 8 problems");
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "MisusedClient.unannotated(String): says neither where to send nor what to ask;"
                + " annotate it (or the interface) @Publishes(channel = \"...\"), or annotate it"
                + " @Request(channel = \"...\")",
            "MisusedClient.unknownChannel(String): channel 'nowhere' is not declared; declare it"
                + " before client(...) with messaging.declare(ChannelSpec.queue(\"nowhere\").build())"
                + " (or ChannelSpec.topic) or hermod.channels.nowhere.kind=queue",
            "MisusedClient.wrongReturn(String): returns String; a sending method returns"
                + " CompletionStage<Receipt>, Receipt or void (for a reply, annotate it @Request)",
            "MisusedClient.twoPayloads(String, String): has 2 payload parameters (parameter 1"
                + " (String a), parameter 2 (String b)); keep one, and annotate the others"
                + " @Header(\"name\"), @Key or @RoutingKey",
            "MisusedClient.noPayload(String): has no payload parameter; add one (the message body),"
                + " e.g. (Order order)",
            "MisusedClient.badTimeout(String): @Request(timeout) must be a positive duration such as"
                + " 500ms, 5s or PT5S, was 'soon'",
            "MisusedClient.hugeTimeout(String): @Request(timeout) must be at most 2147483647ms"
                + " (broker clients count timeouts in 32-bit milliseconds), was '9223372036854775807s'",
            "MisusedClient.noReply(String): is a @Request but returns void; return the reply type"
                + " (or CompletionStage of it)");
  }
}
