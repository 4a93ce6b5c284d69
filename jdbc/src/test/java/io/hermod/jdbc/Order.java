package io.hermod.jdbc;

/**
 * The tests' payload: a key's order number {@code seq}, so per-key order can be checked.
 *
 * @param key the ordering key
 * @param seq the position in the key's sequence
 */
public record Order(String key, int seq) {}
