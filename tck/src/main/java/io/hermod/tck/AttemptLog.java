package io.hermod.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every handler call per message id: the attempt number the handler saw and when it was
 * called, so scenarios can check attempt counting and backoff gaps. Thread-safe.
 */
final class AttemptLog {

  /** One handler call. */
  record Call(int attempt, long nanoTime) {}

  private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();

  /**
   * Records a call.
   *
   * @param id the message id
   * @param attempt the attempt number the handler saw
   */
  void record(String id, int attempt) {
    long now = System.nanoTime();
    List<Call> list = calls.computeIfAbsent(id, k -> new ArrayList<>());
    synchronized (list) {
      list.add(new Call(attempt, now));
    }
  }

  /**
   * The calls for one id, in order.
   *
   * @param id the message id
   * @return a copy, empty if never called
   */
  List<Call> calls(String id) {
    List<Call> list = calls.get(id);
    if (list == null) {
      return List.of();
    }
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  /**
   * The attempt numbers seen for one id, in call order.
   *
   * @param id the message id
   * @return a copy, empty if never called
   */
  List<Integer> attempts(String id) {
    return calls(id).stream().map(Call::attempt).toList();
  }

  /**
   * How many times the handler was called for one id.
   *
   * @param id the message id
   * @return the count
   */
  int count(String id) {
    return calls(id).size();
  }

  /**
   * How many handler calls were seen in all.
   *
   * @return the count
   */
  int total() {
    int n = 0;
    for (String id : calls.keySet()) {
      n += count(id);
    }
    return n;
  }
}
