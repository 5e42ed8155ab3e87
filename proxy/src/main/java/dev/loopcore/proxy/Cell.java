package dev.loopcore.proxy;

import dev.loopcore.RejectedCallException;
import dev.loopcore.internal.LoopCore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * The target of one or more proxies and its lifetime, living with the target on its loop. Every proxy
 * message carries a {@link Channel} of the cell; the cell says whether the target may run.
 *
 * <h2>Invariant</h2>
 * The state moves CONSTRUCTING -> BUILDING -> ALIVE -> CLOSED, or to FAILED or CLOSED from any state
 * before ALIVE, only on the loop (the one exception: a rejected construct message closes the cell on
 * the creating thread, before any proxy of it exists). Construction comes before every message of the
 * cell's channels: whichever runs first on the loop while the cell is CONSTRUCTING — the construct
 * message or a proxy message that a nested await let through ahead of it — runs the constructor,
 * inline; the construct message then finds it done. A proxy message arriving while the constructor
 * runs (BUILDING: the constructor re-entered its own proxy) fails with a reason that says so.
 * Closing from elsewhere waits until every message accepted through each of the cell's channels ran
 * ({@link #closeWhenDrained}); closing on the loop, or the loop's own close, is at once.
 *
 * <h2>Threading</h2>
 * {@code state} goes through {@code STATE}: the loop stores it with {@code setRelease} ({@link #soState})
 * after writing {@link #target}, {@link #failure} and {@link #closedReason}, and reads it plain
 * ({@link #lpState}); senders read it with {@code getAcquire} ({@link #isDead}), so a terminal state comes
 * with its reason. Every other non-final field is confined to the loop; {@link #constructor} is written
 * before the construct message is posted, which publishes it.
 */
final class Cell implements Runnable {
    static final int CONSTRUCTING = 0;
    static final int BUILDING = 1;
    static final int ALIVE = 2;
    static final int FAILED = 3;
    static final int CLOSED = 4;
    /** What {@link #targetOnLoop} answers while the constructor runs. */
    static final Object REENTERED = new Object();
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Cell.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LoopCore loop;
    /** True if a proxy created the target: only then does loopcore close it. */
    final boolean owned;
    private Supplier<?> constructor;
    private Object target;
    private Throwable failure;
    private RejectedCallException.Reason closedReason = RejectedCallException.Reason.TARGET_CLOSED;
    private volatile int state;
    /** The lifetime handle of a created target (weak: the handle must be able to become unreachable). */
    WeakReference<Lifetime> lifetime;
    /** Channels of proxies bound from inside the target (weak: a channel with a queued message is reachable). */
    private ArrayList<WeakReference<Channel>> shared;
    /** A close from elsewhere waits for this many channels to drain; -1 while none is under way. */
    private int draining = -1;

    private Cell(LoopCore loop, boolean owned) {
        this.loop = loop;
        this.owned = owned;
    }

    /** A target to build on {@code loop} (the construct message follows). */
    static Cell toConstruct(LoopCore loop, Supplier<?> constructor) {
        Cell c = new Cell(loop, true);
        c.constructor = constructor;
        return c;
    }

    /** An object that already lives on {@code loop}. */
    static Cell bound(LoopCore loop, Object target) {
        Cell c = new Cell(loop, false);
        c.target = target;
        c.soState(ALIVE); // published with the proxy's final fields
        return c;
    }

    private int lpState() {
        return (int) STATE.get(this);
    }

    private void soState(int s) {
        STATE.setRelease(this, s);
    }

    // ---- any thread ----

    boolean isDead() {
        int s = (int) STATE.getAcquire(this);
        return s == FAILED || s == CLOSED;
    }

    /** Why a message cannot run any more; only after {@link #isDead()} or {@link #isDeadOnLoop()} answered true. */
    RejectedCallException rejection() {
        if (lpState() == FAILED) {
            return new RejectedCallException(RejectedCallException.Reason.CONSTRUCTION_FAILED, failure);
        }
        return new RejectedCallException(closedReason);
    }

    // ---- the loop ----

    boolean isDeadOnLoop() {
        int s = lpState();
        return s == FAILED || s == CLOSED;
    }

    boolean isTarget(Object o) {
        return lpState() == ALIVE && target == o;
    }

    /** The target to run a message on: built first if need be; null if dead; {@link #REENTERED} while building. */
    Object targetOnLoop() {
        int s = lpState();
        if (s == ALIVE) return target;
        if (s == CONSTRUCTING) {
            construct();
            return lpState() == ALIVE ? target : null;
        }
        return s == BUILDING ? REENTERED : null;
    }

    /**
     * Any thread, for reports: the target's class once built (its state read with acquire, which
     * publishes {@link #target}), else what stands in for it.
     */
    String describeTarget() {
        int s = (int) STATE.getAcquire(this);
        if (s == ALIVE) return targetTypeName();
        return s == CLOSED ? "a closed target" : s == FAILED ? "a target whose constructor failed" : "a target being built";
    }

    private String targetTypeName() {
        Object t = target;
        return t == null ? "?" : t.getClass().getName();
    }

    IllegalStateException reentered() {
        return new IllegalStateException("the target's constructor is still running: it called its own proxy and "
                + "waited for the reply, which can only run after the constructor returned");
    }

    /** The construct message: builds the target unless a proxy message did so first, or it was closed. */
    void constructIfPending() {
        if (lpState() == CONSTRUCTING) construct();
    }

    private void construct() {
        Supplier<?> c = constructor;
        constructor = null;
        soState(BUILDING);
        Object t;
        try {
            t = c.get();
            if (t == null) throw new NullPointerException("constructor returned null");
        } catch (Throwable e) {
            if (lpState() == BUILDING) {
                failure = e;
                soState(FAILED);
            }
            return;
        }
        if (lpState() != BUILDING) { // closed while the constructor ran (it closed its own proxy)
            closeTarget(t);
            return;
        }
        target = t;
        if (t instanceof AutoCloseable) {
            if (!loop.addCloseHook(this)) {
                soState(ALIVE);
                close(RejectedCallException.Reason.LOOP_CLOSED, false);
                return;
            }
        } else {
            Lifetime l = Lifetime.of(this);
            if (l != null) l.nothingToClose();
        }
        soState(ALIVE);
    }

    /** The construct message was rejected: its loop is closed. On the creating thread, before any proxy exists. */
    void constructionRejected(RejectedCallException.Reason reason) {
        constructor = null;
        closedReason = reason;
        soState(CLOSED);
    }

    /** A proxy bound from inside the target shares its lifetime; its channel joins a close under way. */
    void register(Channel c) {
        if (shared == null) shared = new ArrayList<>(); // deliberate: first bind from inside the target
        shared.removeIf(w -> w.get() == null);
        shared.add(new WeakReference<>(c)); // deliberate: cold path, once per bound proxy
        if (draining >= 0 && c.joinCellClose()) draining++;
    }

    /**
     * A close from elsewhere (the owner's channel drained, or every proxy became unreachable): closes
     * the target once every message accepted through the other channels ran.
     */
    void closeWhenDrained() {
        if (isDeadOnLoop() || draining >= 0) return;
        draining = 1; // held until every channel was asked
        if (shared != null) {
            for (WeakReference<Channel> w : shared) {
                Channel c = w.get();
                if (c != null && c.joinCellClose()) draining++;
            }
        }
        channelDrained();
    }

    void channelDrained() {
        if (--draining == 0) close(RejectedCallException.Reason.TARGET_CLOSED);
    }

    /** The loop is terminating (close hook): no message runs on the target any more. */
    @Override
    public void run() {
        close(RejectedCallException.Reason.LOOP_CLOSED, false);
    }

    void close(RejectedCallException.Reason reason) {
        close(reason, true);
    }

    /**
     * No message runs on the target any more; an owned AutoCloseable target is closed, exactly once
     * (the state moves to CLOSED only here and in {@link #constructionRejected}).
     */
    private void close(RejectedCallException.Reason reason, boolean removeHook) {
        int s = lpState();
        if (s == CLOSED || s == FAILED) return;
        closedReason = reason;
        Object t = target;
        target = null; // nothing keeps a closed target reachable through its proxies
        constructor = null;
        soState(CLOSED);
        if (s == ALIVE && owned && t instanceof AutoCloseable) {
            if (removeHook) loop.removeCloseHook(this);
            closeTarget(t);
        }
    }

    private void closeTarget(Object t) {
        if (!owned || !(t instanceof AutoCloseable)) return;
        try {
            ((AutoCloseable) t).close();
        } catch (Throwable e) {
            loop.uncaught(e);
        }
    }
}
