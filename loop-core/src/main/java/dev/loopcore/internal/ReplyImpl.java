package dev.loopcore.internal;

import dev.loopcore.CallFailedException;
import dev.loopcore.MessageLoop;
import dev.loopcore.RefCounted;
import dev.loopcore.Reply;
import dev.loopcore.ReplyException;
import dev.loopcore.ReplyTimeoutException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A call's reply, and the identity of its call chain: every message the call's task posts carries
 * this reply as its {@link Message#chain}, and a call made inside that task gets this reply as its
 * {@link #parent}. An await on this reply runs exactly the messages whose chain descends from it.
 *
 * <p>Invariant: the outcome is set once, by compare-and-set from PENDING (the CAS publishes it;
 * readers load it volatile). Everyone who wants the outcome is a {@link ReplyNode} on one Treiber stack,
 * {@link #nodes}: callbacks to deliver and waiting threads to unpark. Completion swaps the stack for
 * DONE and serves every node it held, in registration order; a node pushed after that finds DONE and
 * is served by its registrant. So every callback runs exactly once and every waiter is woken, however
 * many threads and loops wait. A timed-out waiter only withdraws its own node (it clears the node's
 * thread; cleared nodes at the top are popped by the next push): the reply stays pending for others.
 *
 * <p>A {@link RefCounted} value: the reply owns the reference the call returned for as long as the
 * reply is reachable (a cleaner releases it afterwards, so late {@code then}/{@code await} calls still
 * find it alive and nothing leaks). Each consumer gets its own reference: a {@code then} callback's is
 * released after onValue returns; {@code await()} returns one the caller owns; a {@code toFuture()}
 * future keeps the reply reachable, so its value is valid while the future is.
 */
public final class ReplyImpl<R> implements Reply<R> {
    private static final Object PENDING = new Object();
    private static final Object NULL = new Object();
    private static final ReplyNode DONE = new ReplyNode.Waiter(null);
    private static final VarHandle OUTCOME;
    private static final VarHandle NODES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            OUTCOME = l.findVarHandle(ReplyImpl.class, "outcome", Object.class);
            NODES = l.findVarHandle(ReplyImpl.class, "nodes", ReplyNode.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The loop the call runs on. */
    final LoopCore target;
    /** The loop current when the call was made (where {@code then} runs), or null. */
    final LoopCore caller;
    /** The nearest incomplete reply of the chain the call was made in, or null. */
    final ReplyImpl<?> parent;

    private volatile Object outcome = PENDING;
    private volatile ReplyNode nodes;

    ReplyImpl(LoopCore target, LoopCore caller, ReplyImpl<?> chain) {
        this.target = target;
        this.caller = caller;
        this.parent = incomplete(chain);
    }

    /** A pending reply completed by the caller (e.g. a relay that forwards another reply's outcome). */
    public static <R> ReplyImpl<R> pending(LoopCore target) {
        LoopContext ctx = LoopContext.current();
        return new ReplyImpl<>(target, ctx.loop, ctx.chain);
    }

    /** A reply that failed before any call was made (e.g. a proxy that knows its target is gone). */
    public static <R> ReplyImpl<R> failed(LoopCore target, ReplyException e) {
        LoopContext ctx = LoopContext.current();
        ReplyImpl<R> r = new ReplyImpl<>(target, ctx.loop, ctx.chain);
        r.fail(e);
        return r;
    }

    /**
     * Skips completed links. Every link of a call chain is taken through this when it is made (a
     * call's parent, a message's chain, a timer's chain), so a message and a call sent by the same
     * task at the same moment name the same link; and since completion is monotonic, the messages of
     * one task that descend from a completed reply are always a prefix of what it sent (FIFO holds
     * between those an await's filter lets run and those it keeps aside).
     */
    static ReplyImpl<?> incomplete(ReplyImpl<?> r) {
        while (r != null && r.isDone()) r = r.parent;
        return r;
    }

    /** True if {@code chain} is {@code ancestor} or descends from it. */
    static boolean descends(ReplyImpl<?> chain, ReplyImpl<?> ancestor) {
        for (ReplyImpl<?> r = chain; r != null; r = r.parent) {
            if (r == ancestor) return true;
        }
        return false;
    }

    /** The loop the call runs on. */
    public LoopCore target() {
        return target;
    }

    // ---- completion (any thread) ----

    /**
     * Completes with {@code value}; true if this call completed the reply. A {@link RefCounted} value's
     * reference passes to the reply only then: on false the caller still owns it (and releases it).
     */
    public boolean complete(R value) {
        return settle(value == null ? NULL : value);
    }

    public boolean fail(ReplyException e) {
        return settle(new Failure(e));
    }

    /** Fails with {@link CallFailedException} wrapping what the call threw. */
    public boolean failWith(Throwable thrown) {
        return fail(new CallFailedException(thrown));
    }

    private boolean settle(Object o) {
        if (!OUTCOME.compareAndSet(this, PENDING, o)) {
            target.countLateReply(); // completed twice: the later outcome is discarded
            return false;
        }
        if (o instanceof RefCounted) ValueCleaner.releaseWhenUnreachable(this, (RefCounted) o);
        ReplyNode top = (ReplyNode) NODES.getAndSet(this, DONE);
        // The stack holds nodes newest first; serve them in registration order.
        ReplyNode ordered = null;
        for (ReplyNode n = top; n != null; ) {
            ReplyNode next = n.next;
            n.next = ordered;
            ordered = n;
            n = next;
        }
        for (ReplyNode n = ordered; n != null; ) {
            ReplyNode next = n.next;
            n.next = null;
            serve(n);
            n = next;
        }
        Reference.reachabilityFence(this); // the value's reference is alive while deliveries retain it
        return true;
    }

    /** Completed: wake the waiter, or deliver the callback (with its own reference to a RefCounted value). */
    private void serve(ReplyNode n) {
        if (n instanceof ReplyNode.Waiter) {
            Thread t = ((ReplyNode.Waiter) n).thread;
            if (t != null) LockSupport.unpark(t);
            return;
        }
        ReplyNode.Callback cb = (ReplyNode.Callback) n;
        Object o = outcome;
        Object value = o instanceof Failure || o == NULL ? null : o;
        Throwable error = o instanceof Failure ? ((Failure) o).error : null;
        if (value instanceof RefCounted && cb.ownsValue) ((RefCounted) value).retain();
        if (cb.loop == null) {
            try {
                cb.run(value, error);
            } catch (Throwable t) {
                LoopCore.logUncaught(LoopContext.current().loop, t);
            } finally {
                if (cb.ownsValue) Refs.release(value, null, null, null);
            }
        } else {
            // The loop releases the value's reference after the callback ran, or when it drops it.
            cb.loop.offerInChain(Ops.DELIVER, cb, value, error, parent);
        }
    }

    /** Pushes {@code n}; false (nothing pushed) if the reply completed already. */
    private boolean push(ReplyNode n) {
        for (;;) {
            ReplyNode top = nodes;
            if (top == DONE) return false;
            if (top instanceof ReplyNode.Waiter && ((ReplyNode.Waiter) top).thread == null) {
                NODES.compareAndSet(this, top, top.next); // a withdrawn waiter: pop it on the way
                continue;
            }
            n.next = top;
            if (NODES.compareAndSet(this, top, n)) return true;
        }
    }

    void addCallback(ReplyNode.Callback cb) {
        if (!push(cb)) serve(cb);
        Reference.reachabilityFence(this);
    }

    /** Registers {@code t} to be unparked on completion; null if already complete. */
    ReplyNode.Waiter addWaiter(Thread t) {
        ReplyNode.Waiter w = new ReplyNode.Waiter(t); // deliberate: only a wait that parks registers
        return push(w) ? w : null;
    }

    /** Withdraws a waiter (timed out, or it stops parking); completion skips it. */
    void removeWaiter(ReplyNode.Waiter w) {
        w.thread = null;
    }

    // ---- Reply ----

    @Override
    public boolean isDone() {
        return outcome != PENDING;
    }

    @Override
    public void then(Consumer<? super R> onValue, Consumer<? super Throwable> onError) {
        addCallback(new ReplyNode.Callback(caller, Objects.requireNonNull(onValue, "onValue"),
                Objects.requireNonNull(onError, "onError"), true, Propagation.capture(null, null)));
    }

    @Override
    public void then(MessageLoop loop, Consumer<? super R> onValue, Consumer<? super Throwable> onError) {
        addCallback(new ReplyNode.Callback(LoopCore.of(Objects.requireNonNull(loop, "loop")),
                Objects.requireNonNull(onValue, "onValue"), Objects.requireNonNull(onError, "onError"), true,
                Propagation.capture(null, null)));
    }

    @Override
    public R await() {
        awaitUntil(0L);
        return result();
    }

    @Override
    public R await(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        awaitUntil(LoopContext.current().deadline(timeout));
        if (!isDone()) throw new ReplyTimeoutException(timeout); // for this caller only: the reply goes on
        return result();
    }

    /** Returns when done or when the deadline (0: none) passed. */
    private void awaitUntil(long deadline) {
        LoopContext ctx = LoopContext.current();
        LoopCore here = ctx.loop;
        if (here != null) {
            // Even when already done: callbacks the call posted here must have run when await returns.
            here.awaitReply(this, deadline, ctx);
        } else if (ctx.simulation != null) {
            ctx.simulation.driveUntil(this, deadline, ctx); // the driving thread runs the simulation meanwhile
        } else if (!isDone()) {
            parkUntilDone(deadline, ctx);
        }
    }

    private void parkUntilDone(long deadline, LoopContext ctx) {
        // A reply that is a round trip away arrives within microseconds: a platform thread spins briefly
        // before parking, as a hot loop does, so a hot caller does not pay a park/unpark per call. A
        // virtual thread parks at once: that only unmounts it, and spinning would hold its carrier.
        if (!ctx.virtual) {
            for (int i = 0; i < Wait.SPINS && !isDone(); i++) {
                Thread.onSpinWait();
            }
        }
        if (isDone()) return;
        ReplyNode.Waiter w = addWaiter(Thread.currentThread());
        if (w == null) return;
        try {
            while (!isDone() && !Wait.passed(deadline)) Wait.park(this, deadline);
        } finally {
            removeWaiter(w);
            Wait.restoreInterrupt(ctx);
        }
    }

    @SuppressWarnings("unchecked")
    private R result() {
        Object o = outcome;
        if (o instanceof Failure) throw ((Failure) o).error;
        if (o == NULL) return null;
        if (o instanceof RefCounted) ((RefCounted) o).retain(); // the caller's own reference
        Reference.reachabilityFence(this);
        return (R) o;
    }

    @Override
    public CompletableFuture<R> toFuture() {
        return ReplyFuture.of(this, null);
    }

    @Override
    public CompletableFuture<R> toFuture(java.util.concurrent.Executor executor) {
        return ReplyFuture.of(this, Objects.requireNonNull(executor, "executor"));
    }

    @Override
    public String toString() {
        Object o = outcome;
        String state = o == PENDING ? "pending" : o instanceof Failure ? "failed: " + ((Failure) o).error : "done";
        return "Reply[" + (target == null ? "?" : target.name()) + ", " + state + "]";
    }

    private static final class Failure {
        final ReplyException error;

        Failure(ReplyException error) {
            this.error = error;
        }
    }
}
