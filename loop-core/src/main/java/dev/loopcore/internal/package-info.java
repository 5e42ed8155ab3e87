/**
 * loopcore's machinery; not exported (the proxy module gets it through a qualified export).
 *
 * <pre>
 *   producer threads            LoopCore (producer side)      LoopRunner (the thread running the loop)
 *   ----------------            ------------------------      ----------------------------------------
 *   post(fn, a, b, c) --+                                     +--> Mailbox.drain: message taken (slot and
 *   proxy.invoke(...) --+--> offer, then decide (closed?) --+ |    bounded permit freed) --> deliver:
 *   reply completion  --+    Mailbox.offer: fields into     | |      runs under the filter (innermost
 *   postDelayed (other      a slot of the ring -------------+-+      await's reply)? run now : KeptAside
 *     thread): SCHEDULE                                       |    TimerHeap: due timers --> KeptAside
 *                                                             +--> KeptAside: taken, not yet run, in
 *                                                                  take order; runs what the filter lets
 *   NestedAwait: reply.await() in a task sets the filter and pumps the loop until the reply is done.
 *   RunLoop / DrivenLoopImpl / PooledLoop+Pool: who runs the loop, and how it idles (Wait).
 *   Watch (per watched loop: task counters the loop bumps) <-- sampled by Watchdog (one daemon thread,
 *     every threshold / 2): stalls and congestion to System.Logger and JFR (package jfr).
 *   Propagation: with a ContextPropagator installed, user messages are posted as CARRIED(op, fn, context).
 *
 *   SlotMailbox (default and BOUNDED): fields inline in the ring's slots; the Message never crosses
 *     threads; BOUNDED adds a count of pending user messages that other threads wait on.
 *   LinkedMailbox (pooled loops): intrusive queue of pooled Messages taken from the posting thread.
 * </pre>
 *
 * <p>Memory-ordering names, as in JCTools: a field accessed through a {@code VarHandle} says how in the
 * accessor's or call's name: {@code lv} load volatile, {@code la} load acquire, {@code sv} store
 * volatile, {@code so} store ordered (release), {@code sp} store plain, {@code cas} compare-and-set.
 *
 * <p>The close protocol (why a post is never both run and rejected): a producer first makes its message
 * visible in the mailbox (a volatile read-modify-write of the mailbox index), then loads {@code closed}
 * (volatile) and stamps the message's fate, ACCEPTED or REJECTED, with a release store (in a
 * {@code SlotMailbox} the fate is the published op: the task's or REJECTED). The loop, once
 * it has seen {@code closed}, drains until the mailbox index says empty. If the producer loaded
 * {@code closed == false}, its index update precedes close() in the synchronization order, so the
 * loop's final drain sees the message and runs it; if it loaded {@code true}, it rejected the message
 * itself and the loop skips it. The consumer spins on a PENDING fate exactly as it spins on a claimed
 * but not yet written slot.
 */
package dev.loopcore.internal;
