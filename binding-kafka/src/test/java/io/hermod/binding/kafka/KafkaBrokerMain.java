package io.hermod.binding.kafka;

import io.hermod.tck.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the child JVM that runs the test broker: formats the KRaft storage on first start,
 * then runs {@code kafka.Kafka} with combined broker and controller roles. Halts as soon as its
 * parent (the test JVM) dies, detected as end of standard input, so no broker outlives a killed
 * build.
 */
public final class KafkaBrokerMain {

  private KafkaBrokerMain() {}

  /**
   * Runs the broker.
   *
   * @param args the server.properties path, the log directory, the cluster id, and {@code
   *     standalone} (a single node that is its own controller quorum) or {@code voters} (a node of
   *     a cluster whose quorum server.properties lists)
   */
  public static void main(String[] args) {
    Path properties = Paths.get(args[0]);
    Path logDir = Paths.get(args[1]);
    String clusterId = args[2];
    boolean standalone = args.length < 4 || args[3].equals("standalone");
    ChildJvm.haltWhenParentExits();
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      List<String> format = new ArrayList<>(List.of("format"));
      if (standalone) {
        format.add("--standalone");
      }
      format.addAll(
          List.of(
              "-t",
              clusterId,
              "-c",
              properties.toString(),
              "--ignore-formatted",
              // Share groups (KIP-932, a preview in 4.1) for the binding's share-group mode.
              "--feature",
              "share.version=1"));
      int rc = kafka.tools.StorageTool.execute(format.toArray(new String[0]), System.out);
      if (rc != 0) {
        System.err.println("formatting " + logDir + " failed: " + rc);
        Runtime.getRuntime().halt(rc);
      }
    }
    kafka.Kafka.main(new String[] {properties.toString()});
  }
}
