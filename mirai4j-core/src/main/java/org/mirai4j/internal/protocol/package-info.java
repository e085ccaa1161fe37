/**
 * Wire protocol v1, spoken by the host and its daemons over every transport (tcp, ipc, tls, ws).
 *
 * <p>Every message is one frame. Integers are big-endian.
 *
 * <pre>
 *  0        4      5                 13
 *  +--------+------+-----------------+----------------------------+
 *  | length | type | id              | payload                    |
 *  | int32  | int8 | int64           | length - 9 bytes           |
 *  +--------+------+-----------------+----------------------------+
 *   length counts type + id + payload; it is checked against a limit before anything is
 *   allocated (tiny until the peer has authenticated).
 * </pre>
 *
 * <p>Handshake, first and always (see {@link org.mirai4j.internal.protocol.Handshake}):
 *
 * <pre>
 *  host                                           daemon (dials)
 *   |-- HELLO   magic "M4J", version, nonceH(32) --&gt;|
 *   |&lt;-- AUTH   version, flags, nonceD(32), pid,     |
 *   |           HMAC(secret, "daemon"|nonceH|nonceD)|  proves the daemon holds the secret
 *   |-- WELCOME HMAC(secret, "host"|nonceD|nonceH),  |  proves the host does too
 *   |           config (RNG stream, serializers)  --&gt;|
 *   |== TASK(id) / CANCEL(id) / EXIT / ACK(id) =====&gt;|
 *   |&lt;= RESULT(id) / LAST_RESULT(id) / BYE ========|
 *   |&lt;= CLASS_REQUEST(n) name                       |  code shipping, while a task
 *   |== CLASS_DATA(n) found, sha256(32) [, bytes] ==&gt;|  is being decoded or runs
 * </pre>
 *
 * <p>The secret itself never crosses the wire. Nothing a peer sends is deserialized before it
 * has authenticated. {@code LAST_RESULT} is a result the daemon sends before exiting on
 * {@code maxtasks} or {@code walltime}; the host takes the daemon out of scheduling and answers
 * {@code ACK}, after which the daemon exits, so the result is never lost. {@code BYE} does the same for a
 * daemon leaving while idle: a task the host sent at that instant goes back to its queue.
 */
package org.mirai4j.internal.protocol;
