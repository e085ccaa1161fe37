/**
 * Wire protocol v2, spoken by the host and its daemons over every transport (tcp, ipc, tls, ws).
 *
 * <p>Every message is one frame. Integers are big-endian.
 *
 * <pre>
 *  0        4      5                 13
 *  +--------+------+-----------------+-------------+----------------+-------------+
 *  | length | type | id              | header tag  | payload        | frame tag   |
 *  | int32  | int8 | int64           | (16)        |                | (16)        |
 *  +--------+------+-----------------+-------------+----------------+-------------+
 *   length counts everything after itself; it is checked against a limit before anything is
 *   allocated: 1 KiB until the peer has proved the secret, on both sides.
 *   The tags are there on tcp:// and ws:// only, after the handshake ({@link FrameMac}):
 *   header tag = HMAC-SHA256(direction key, "H" | seq | length | type | id)[0..16), checked
 *   before the payload is allocated; frame tag = HMAC-SHA256(key, "F" | seq | length | type |
 *   id | payload)[0..16); seq counts this direction's frames from 0 after the handshake.
 * </pre>
 *
 * <p>Handshake, first and always ({@link org.mirai4j.internal.protocol.HostHandshake}, {@link
 * org.mirai4j.internal.protocol.DaemonHandshake}):
 *
 * <pre>
 *  host                                                daemon (dials)
 *   |-- HELLO   "M4J", version 2, nonceH(32) ----------&gt;|
 *   |&lt;-- AUTH   version, flags, nonceD(32), pid, host   |
 *   |           name, labels,                          |
 *   |           HMAC(Kp, "daemon proof"|HELLO|AUTH…)   |  every AUTH field under the proof
 *   |-- WELCOME HMAC(Kp, "host proof"|HELLO|AUTH|rest), |
 *   |           flags, heartbeat ms, RNG stream -------&gt;|  checked before anything else
 *   |-- CONFIG  serializer registrations (if flagged) -&gt;|  first MACed frame
 *   |== TASK(id) / CANCEL(id) / EXIT / ACK(id) ========&gt;|
 *   |&lt;= RESULT(id) / LAST_RESULT(id) / BYE ============|
 *   |&lt;= CLASS_REQUEST(n) name                           |  code shipping, while a task
 *   |== CLASS_DATA(n) found, sha256(32) [, bytes] =====&gt;|  is being decoded or runs
 *   |&lt;=&gt; HEARTBEAT after an interval with nothing sent  |
 *
 *  PRK = HMAC(nonceH|nonceD, secret); Kp, Khd, Kdh = HMAC(PRK, label | 0x01)   (HKDF-SHA256)
 * </pre>
 *
 * <p>The secret never crosses the wire; the keys are fresh for each connection, so a recorded
 * handshake or frame is worth nothing on another. Nothing a peer sends is deserialized before
 * it has authenticated. Flags: dispatcher (1), frame integrity (2), CONFIG follows (4); frame
 * integrity is on when either side asks for it, and each asks for it on tcp:// and ws://.
 * {@code LAST_RESULT} is a result the daemon sends before exiting on {@code maxtasks} or
 * {@code walltime}; the host takes the daemon out of scheduling and answers {@code ACK}, after
 * which the daemon exits, so the result is never lost. {@code BYE} does the same for a daemon
 * leaving while idle: a task the host sent at that instant goes back to its queue. A peer that
 * has heard nothing (not a byte) for three heartbeat intervals drops the connection.
 *
 * <p>TASK and RESULT payloads ({@link org.mirai4j.internal.protocol.Payloads}):
 *
 * <pre>
 *  TASK    +-------+-------------------+-----------------+---------------------------------+
 *          | flags | stream state (32) | task            | trace context                   |
 *          | int8  | if flags &amp; 2    | (serialized)    | if flags &amp; 4                  |
 *          +-------+-------------------+-----------------+---------------------------------+
 *   flags: everywhere (1), stream (2), trace (4).
 *   trace context = traceparent | tracestate | int16 traceparent bytes | int16 tracestate bytes:
 *   the submitter's W3C trace context as text (ASCII, tracestate at most 512 bytes), found
 *   from the end of the payload. Last, so that a v2 daemon that predates it still reads the
 *   task: it ignores the flag, and deserialization stops at the end of the task's one object.
 *  RESULT  | status int8: 0 value, 1 error, 2 interrupt | the value or the RemoteError |
 * </pre>
 *
 * <h2>Threat model</h2>
 *
 * <table>
 *   <caption>What each transport protects, and against whom</caption>
 *   <tr><th>transport</th><th>who can reach it</th><th>protection</th></tr>
 *   <tr><td>ipc://</td><td>processes of the same user (socket file 0600)</td>
 *       <td>handshake; the operating system keeps the bytes private and intact</td></tr>
 *   <tr><td>tcp://, ws://</td><td>anyone on the network path</td>
 *       <td>handshake; every frame MACed: an injected, altered, replayed, reordered or
 *       dropped frame closes the connection. Not confidential: an eavesdropper reads tasks
 *       and results.</td></tr>
 *   <tr><td>tls+tcp://, wss://</td><td>anyone on the network path</td>
 *       <td>TLS 1.2/1.3 (confidential and intact; the daemon checks the host's certificate)
 *       and the handshake on top</td></tr>
 * </table>
 *
 * <p>Against a peer that does not hold the secret: it can connect, but is refused at the
 * handshake (counted in {@code status().rejected()}), can send at most 1 KiB before, and is
 * dropped after 10 s if it does not finish. A daemon is trusted to run the code it is sent, and
 * a host to receive what its daemons return: anyone who holds the secret is inside. The secret
 * reaches daemons by environment, stdin or a 0600 file, never on a command line. A weak
 * user-chosen secret can be guessed offline from a recorded tcp:// handshake: use the default
 * random one (256 bits) or TLS.
 */
package org.mirai4j.internal.protocol;
