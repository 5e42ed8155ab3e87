package dev.loopcore.internal;

import dev.loopcore.CallFailedException;
import dev.loopcore.MessageLoop;
import dev.loopcore.RefCounted;
import dev.loopcore.Reply;
import dev.loopcore.ReplyException;
import dev.loopcore.ReplyTimeoutException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * <p>Threading: completed once, by compare-and-set on {@link #outcome} (release), read with acquire;
 * callbacks are pushed on a lock-free stack that completion swaps for {@link #DONE}.
 */
public final class ReplyImpl<R> implements Reply<R> {
    private static final int SPINS_BEFORE_PARK = 2_000;
    private static final Object PENDING = new Object();
    private static final Object NULL = new Object();
    private static final Callback DONE = new Callback(null, null, null, false);
    private static final VarHandle OUTCOME;
    private static final VarHandle CALLBACKS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            OUTCOME = l.findVarHandle(ReplyImpl.class, "outcome", Object.class);
            CALLBACKS = l.findVarHandle(ReplyImpl.class, "callbacks", Callback.class);
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
    private volatile Callback callbacks;
    private volatile Thread waiter;

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

    /** Skips completed links: nobody can be waiting on them any more, so they need not stay reachable. */
    private static ReplyImpl<?> incomplete(ReplyImpl<?> r) {
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
            target.countLateReply(); // the await timed out: the late outcome is discarded
            return false;
        }
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
        Callback cbs = (Callback) CALLBACKS.getAndSet(this, DONE);
        deliverAll(cbs);
        return true;
    }

    private void deliverAll(Callback cbs) {
        if (cbs == null || cbs == DONE) return;
        // The stack holds them newest first; deliver in registration order.
        Callback reversed = null;
        int count = 0;
        for (Callback c = cbs; c != null; ) {
            Callback nextCb = c.next;
            c.next = reversed;
            reversed = c;
            c = nextCb;
            count++;
        }
        Object o = outcome;
        if (count > 1 && o instanceof RefCounted) {
            for (int i = 1; i < count; i++) ((RefCounted) o).retain(); // one reference per delivery
        }
        for (Callback c = reversed; c != null; ) {
            Callback nextCb = c.next;
            c.next = null;
            deliver(c);
            c = nextCb;
        }
    }

    private void deliver(Callback cb) {
        Object o = outcome;
        Object value = o instanceof Failure || o == NULL ? null : o;
        Throwable error = o instanceof Failure ? ((Failure) o).error : null;
        if (cb.loop == null) {
            try {
                cb.run(value, error);
            } catch (Throwable t) {
                LoopCore.logUncaught(LoopContext.current().loop, t);
            } finally {
                if (cb.releasesValue) Refs.release(value, null, null, null);
            }
        } else {
            cb.loop.offerInternal(Ops.DELIVER, cb, value, error, null, null, null, parent);
        }
    }

    void addCallback(Callback cb) {
        for (;;) {
            Callback head = callbacks;
            if (head == DONE) {
                deliver(cb);
                return;
            }
            cb.next = head;
            if (CALLBACKS.compareAndSet(this, head, cb)) return;
        }
    }

    // ---- Reply ----

    @Override
    public boolean isDone() {
        return outcome != PENDING;
    }

    @Override
    public void then(Consumer<? super R> onValue, Consumer<? super Throwable> onError) {
        addCallback(new Callback(caller, Objects.requireNonNull(onValue, "onValue"),
                Objects.requireNonNull(onError, "onError"), true));
    }

    @Override
    public void then(MessageLoop loop, Consumer<? super R> onValue, Consumer<? super Throwable> onError) {
        addCallback(new Callback(LoopCore.of(Objects.requireNonNull(loop, "loop")),
                Objects.requireNonNull(onValue, "onValue"), Objects.requireNonNull(onError, "onError"), true));
    }

    @Override
    public R await() {
        awaitUntil(0L);
        return result();
    }

    @Override
    public R await(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long nanos = Math.max(0, saturatedNanos(timeout));
        awaitUntil(System.nanoTime() + nanos | 1L); // 0 means "no deadline"
        if (!isDone() && fail(new ReplyTimeoutException(timeout))) {
            throw ((Failure) outcome).error;
        }
        return result();
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Returns when done or when the deadline (0: none) passed. */
    private void awaitUntil(long deadline) {
        LoopContext ctx = LoopContext.current();
        LoopCore here = ctx.loop;
        if (here != null) {
            // Even when already done: callbacks the call posted here must have run when await returns.
            here.awaitReply(this, deadline, ctx);
        } else if (!isDone()) {
            parkUntilDone(deadline);
        }
    }

    void parkUntilDone(long deadline) {
        // A reply that is a round trip away arrives within microseconds: spin briefly before parking,
        // as a hot loop does, so a hot caller does not pay a park/unpark per call.
        for (int i = 0; i < SPINS_BEFORE_PARK && !isDone(); i++) {
            Thread.onSpinWait();
        }
        if (isDone()) return;
        waiter = Thread.currentThread();
        try {
            while (!isDone()) {
                if (deadline == 0L) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return;
                    LockSupport.parkNanos(this, left);
                }
            }
        } finally {
            waiter = null;
        }
    }

    void setWaiter(Thread t) {
        waiter = t;
    }

    @SuppressWarnings("unchecked")
    private R result() {
        Object o = outcome;
        if (o instanceof Failure) throw ((Failure) o).error;
        return o == NULL ? null : (R) o;
    }

    @Override
    public CompletableFuture<R> toFuture() {
        CompletableFuture<R> f = new CompletableFuture<>();
        Consumer<R> onValue = f::complete;
        Consumer<Throwable> onError = f::completeExceptionally;
        addCallback(new Callback(null, onValue, onError, false));
        return f;
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

    /** One {@code then} registration: where to run, and the two callbacks. */
    static final class Callback {
        final LoopCore loop;
        final Consumer<Object> onValue;
        final Consumer<Object> onError;
        /** A RefCounted value is released after onValue returns (a future keeps it instead). */
        final boolean releasesValue;
        Callback next;

        @SuppressWarnings("unchecked")
        Callback(LoopCore loop, Consumer<?> onValue, Consumer<?> onError, boolean releasesValue) {
            this.loop = loop;
            this.releasesValue = releasesValue;
            this.onValue = (Consumer<Object>) onValue;
            this.onError = (Consumer<Object>) onError;
        }

        void run(Object value, Throwable error) {
            if (error != null) onError.accept(error);
            else onValue.accept(value);
        }
    }
}
