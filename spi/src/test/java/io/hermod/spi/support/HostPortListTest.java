package io.hermod.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.spi.support.HostPortList.HostPort;
import org.junit.jupiter.api.Test;

class HostPortListTest {

  private static final String FIX = "write host:port";
  private static final HostPortList REQUIRED = HostPortList.portRequired(9092, FIX);
  private static final HostPortList OPTIONAL = HostPortList.portOptional(5672, FIX);

  @Test
  void entriesKeepTheirOrderWithBlanksIgnoredAndIpv6InBrackets() {
    HostPortList.Parsed p = REQUIRED.parse("k", " a:1, SASL_SSL://b.example.com:9093,[::1]:9092 ");
    assertThat(p.problems()).isEmpty();
    assertThat(p.entries())
        .containsExactly(
            new HostPort("a", 1), new HostPort("b.example.com", 9093), new HostPort("::1", 9092));
    assertThat(p.entries().get(2)).hasToString("[::1]:9092");
  }

  @Test
  void aRequiredPortIsAProblemWhenMissing() {
    assertThat(REQUIRED.parse("k", "localhost").problems())
        .containsExactly("k entry 1 of 1 'localhost' has no port: " + FIX);
    assertThat(REQUIRED.parse("k", "[::1]").problems())
        .containsExactly("k entry 1 of 1 '[::1]' has no port after the IPv6 address: " + FIX);
  }

  @Test
  void anOptionalPortDefaults() {
    HostPortList.Parsed p = OPTIONAL.parse("k", "rabbit-1,rabbit-2:5673,[fe80::1%eth0]");
    assertThat(p.problems()).isEmpty();
    assertThat(p.entries())
        .containsExactly(
            new HostPort("rabbit-1", 5672),
            new HostPort("rabbit-2", 5673),
            new HostPort("fe80::1%eth0", 5672));
  }

  @Test
  void everyBadEntryIsNamedWithItsPositionWhatIsWrongAndTheFix() {
    assertThat(
            OPTIONAL.parse("k", "ok,bad host,x:0,y:99999,,z:p,::1,[::1,amqp://h:1,h:").problems())
        .containsExactly(
            "k entry 2 of 10 'bad host' has a host with characters a host name cannot have (only"
                + " letters, digits, '.', '-' and '_'): "
                + FIX,
            "k entry 3 of 10 'x:0' has port 0, outside 1-65535: " + FIX,
            "k entry 4 of 10 'y:99999' has port 99999, outside 1-65535: " + FIX,
            "k entry 5 of 10 is empty: " + FIX,
            "k entry 6 of 10 'z:p' has a port that is not a number ('p'): " + FIX,
            "k entry 7 of 10 '::1' looks like an IPv6 address without brackets (write"
                + " [::1]:5672): "
                + FIX,
            "k entry 8 of 10 '[::1' has an IPv6 address without its closing ']': " + FIX,
            "k entry 9 of 10 'amqp://h:1' starts with 'amqp://', which this list does not take"
                + " (write host or host:port only): "
                + FIX,
            "k entry 10 of 10 'h:' has a port that is not a number (none): " + FIX);
    assertThat(OPTIONAL.parse("k", "ok,bad host").entries())
        .containsExactly(new HostPort("ok", 5672));
  }
}
