/**
 * The {@code hermod} command line: {@code demo}, {@code tck}, {@code send} and {@code tail} on any
 * binding. Ships as one executable jar holding every binding; it exports nothing.
 */
module io.hermod.cli {
  requires io.hermod.core;
  // spi.support's Suggestions gives unknown options and commands their "did you mean".
  requires io.hermod.spi;
  requires io.hermod.tck;
  requires info.picocli;
  requires org.junit.platform.launcher;
  requires static org.jspecify;

  // picocli fills the annotated command fields by reflection; JUnit instantiates the kit subclass.
  opens io.hermod.cli to
      info.picocli;
  opens io.hermod.cli.internal to
      info.picocli,
      org.junit.platform.commons;
}
