/**
 * Independent random streams for daemons and tasks. A root L64X128MixRandom (an LXM generator
 * of JDK 17, {@code java.util.random}) hands out 256-bit stream states exactly as its
 * {@code split()} does: each state selects a distinct LXM additive parameter and a fresh state,
 * which is what makes LXM streams statistically independent (Steele and Vigna, "LXM: better
 * splittable pseudorandom number generators", OOPSLA 2021). Unlike a split generator, a state is
 * 32 bytes that travel in a frame, so the same seed gives the same streams in submission order
 * on any number of daemons, with or without dispatcher.
 */
package org.mirai4j.internal.rng;
