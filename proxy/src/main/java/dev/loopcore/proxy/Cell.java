package dev.loopcore.proxy;

import dev.loopcore.RejectedCallException;
import dev.loopcore.internal.LoopCore;

/**
 * The target of one or more proxies and its lifetime, living with the target on its loop. Every
 * proxy message carries its cell; the cell says whether the target may run.
 *
 * <p>Threading: {@link #target} and {@link #failure} are written on the loop before {@link #state} is
 * published (release by the volatile write), and read on the loop or after reading a terminal state.
 */
final class Cell implements Runnable {
    static final int CONSTRUCTING = 0;
    static final int ALIVE = 1;
    static final int FAILED = 2;
    static final int CLOSED = 3;

    final LoopCore loop;
    /** True if a proxy created the target: only then does loopcore close it. */
    final boolean owned;
    Object target;
    Throwable failure;
    RejectedCallException.Reason closedReason = RejectedCallException.Reason.TARGET_CLOSED;
    volatile int state;
    /** The lifetime handle of a created target (weak: the handle must be able to become unreachable). */
    java.lang.ref.WeakReference<Lifetime> lifetime;

    Cell(LoopCore loop, boolean owned) {
        this.loop = loop;
        this.owned = owned;
    }

    boolean isAlive() {
        return state == ALIVE;
    }

    boolean isDead() {
        int s = state;
        return s == FAILED || s == CLOSED;
    }

    /** Why a message cannot run any more; only when {@link #isDead()}. */
    RejectedCallException rejection() {
        if (state == FAILED) {
            return new RejectedCallException(RejectedCallException.Reason.CONSTRUCTION_FAILED, failure);
        }
        return new RejectedCallException(closedReason);
    }

    /** On the loop: the loop is terminating (close hook). */
    @Override
    public void run() {
        close(RejectedCallException.Reason.LOOP_CLOSED, false);
    }

    /**
     * On the loop: no message runs on the target any more; an owned AutoCloseable target is closed,
     * exactly once (the state moves to CLOSED only here, on the loop).
     */
    void close(RejectedCallException.Reason reason, boolean removeHook) {
        int s = state;
        if (s == CLOSED || s == FAILED) return;
        closedReason = reason;
        Object t = target;
        state = CLOSED;
        if (s == ALIVE && owned && t instanceof AutoCloseable) {
            if (removeHook) loop.removeCloseHook(this);
            try {
                ((AutoCloseable) t).close();
            } catch (Throwable e) {
                loop.uncaught(e);
            }
        }
        target = null; // nothing keeps a closed target reachable through its proxies
    }
}
