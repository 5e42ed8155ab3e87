/**
 * loopcore: message loops that run tasks one at a time, replies that come back on the caller's
 * loop, synchronous waits that neither deadlock silently nor run unrelated work re-entrantly.
 *
 * <pre>{@code
 *   any thread                      MessageLoop "worker"                    MessageLoop "io"
 *   ----------                      ---------------------                    ----------------
 *   worker.post(task)  ---------->  [mailbox] -> task runs
 *                                   io.call(f) ------------------------->  [mailbox] -> f runs
 *                                      reply.then(onValue, onError) <----- reply (posted back)
 *                                   io.call(g).await():
 *                                      nested loop runs only messages
 *                                      caused by g; others wait in order
 * }</pre>
 *
 * <h2>Summary</h2>
 * <ul>
 *   <li>{@link dev.loopcore.MessageLoop}: a serial executor on its own thread, on a thread the
 *       application owns ({@link dev.loopcore.DrivenLoop}), or on a {@link dev.loopcore.LoopPool}.</li>
 *   <li>{@link dev.loopcore.Reply}: the result of a call; callbacks on the caller's loop, or
 *       {@link dev.loopcore.Reply#await()} with a filtered nested loop and deadlock detection.</li>
 *   <li>{@link dev.loopcore.RefCounted}: arguments handed off with their reference count.</li>
 *   <li>{@link dev.loopcore.Confined}: values only one loop may touch, checked in debug runs.</li>
 * </ul>
 * The proxy layer ({@code dev.loopcore.proxy.Proxy}) builds objects that live on a loop on top.
 */
package dev.loopcore;
