/**
 * Scheduling of tasks over daemons, on the profile's single event loop thread, so its state
 * needs no locks: the dispatcher's FIFO queue with one task in flight per daemon (mirai's
 * default), or direct round-robin without it; cancellation by task id, timeouts on the event
 * loop's timer, everywhere() groups, counters, and the memory gate that bounds queued bytes.
 */
package org.mirai4j.internal.dispatch;
