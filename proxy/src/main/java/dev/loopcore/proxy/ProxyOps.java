package dev.loopcore.proxy;

import dev.loopcore.RejectedCallException;
import dev.loopcore.function.QuadConsumer;
import dev.loopcore.function.QuadFunction;
import dev.loopcore.function.TriConsumer;
import dev.loopcore.function.TriFunction;
import dev.loopcore.internal.Dispatch;
import dev.loopcore.internal.Message;
import dev.loopcore.internal.Refs;
import dev.loopcore.internal.ReplyImpl;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The proxy's messages: {@code fn} is the user's method reference, {@code a} the sending proxy's
 * {@link Channel}, {@code b..d} the arguments. A message that reaches a closed channel or a dead target
 * does not run (a call's reply fails with the reason); the loop releases RefCounted arguments either way.
 */
final class ProxyOps {
    private ProxyOps() {
    }

    /** Base: checks the channel and the cell (building the target first if need be), then runs. */
    abstract static class ProxyDispatch extends Dispatch {
        @Override
        protected final void run(Message m) throws Throwable {
            Channel ch = (Channel) m.a;
            try {
                Object target = ch.targetOnLoop();
                if (target == null) {
                    if (m.reply != null) m.reply.fail(ch.rejection());
                    return;
                }
                if (target == Cell.REENTERED) {
                    IllegalStateException e = ch.cell.reentered();
                    if (m.reply == null) throw e; // to the loop's uncaught handler: nobody waits for an invoke
                    m.reply.failWith(e);
                    return;
                }
                if (m.reply == null) {
                    invoke(m, target);
                    return;
                }
                Object v;
                try {
                    v = apply(m, target);
                } catch (Throwable t) {
                    m.reply.failWith(t);
                    return;
                }
                complete(m, v);
            } finally {
                try {
                    releaseOwned(m.b, m.c, m.d);
                } finally {
                    ch.ran(); // run or dropped: counted once, after the method (see Channel)
                }
            }
        }

        void invoke(Message m, Object target) throws Throwable {
            throw new AssertionError();
        }

        /** For stall reports and task events (watchdog thread): the target's type and the method reference's class. */
        @Override
        protected String describe(Object fn, Object a) {
            String target = a instanceof Channel ? ((Channel) a).cell.describeTarget() : "?";
            return "proxy message to " + target + " (" + typeName(fn) + ")";
        }

        Object apply(Message m, Object target) throws Throwable {
            throw new AssertionError();
        }

        /** A call's method returned {@code v}: completes the reply with it. */
        void complete(Message m, Object v) {
            ProxyOps.complete(m.reply, v);
        }

        /**
         * Releases what the message owns beyond the RefCounted arguments the loop itself releases
         * (after the run, or on rejection); nothing for plain messages.
         */
        void releaseOwned(Object b, Object c, Object d) {
        }

        /** The proxy refused the message before posting it: releases everything it owned. */
        final void refuse(Object b, Object c, Object d) {
            try {
                releaseOwned(b, c, d);
            } finally {
                Refs.release(b, c, d, null);
            }
        }

        @Override
        protected void reject(Object fn, Object a, Object b, Object c, Object d, ReplyImpl<?> reply,
                              RejectedCallException.Reason reason) {
            try {
                releaseOwned(b, c, d);
            } finally {
                super.reject(fn, a, b, c, d, reply, reason);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <R> void complete(ReplyImpl<R> reply, Object v) {
        reply.complete((R) v);
    }

    @SuppressWarnings("unchecked")
    static final Dispatch INVOKE0 = new ProxyDispatch() {
        @Override
        void invoke(Message m, Object target) {
            ((Consumer<Object>) m.fn).accept(target);
        }
    };

    @SuppressWarnings("unchecked")
    static final Dispatch INVOKE1 = new ProxyDispatch() {
        @Override
        void invoke(Message m, Object target) {
            ((BiConsumer<Object, Object>) m.fn).accept(target, m.b);
        }
    };

    @SuppressWarnings("unchecked")
    static final Dispatch INVOKE2 = new ProxyDispatch() {
        @Override
        void invoke(Message m, Object target) {
            ((TriConsumer<Object, Object, Object>) m.fn).accept(target, m.b, m.c);
        }
    };

    @SuppressWarnings("unchecked")
    static final Dispatch INVOKE3 = new ProxyDispatch() {
        @Override
        void invoke(Message m, Object target) {
            ((QuadConsumer<Object, Object, Object, Object>) m.fn).accept(target, m.b, m.c, m.d);
        }
    };

    @SuppressWarnings("unchecked")
    static final Dispatch CALL0 = new ProxyDispatch() {
        @Override
        Object apply(Message m, Object target) {
            return ((Function<Object, Object>) m.fn).apply(target);
        }
    };

    @SuppressWarnings("unchecked")
    static final Dispatch CALL1 = new ProxyDispatch() {
        @Override
        Object apply(Message m, Object target) {
            return ((BiFunction<Object, Object, Object>) m.fn).apply(target, m.b);
        }
    };

    @SuppressWarnings("unchecked")
    static final Dispatch CALL2 = new ProxyDispatch() {
        @Override
        Object apply(Message m, Object target) {
            return ((TriFunction<Object, Object, Object, Object>) m.fn).apply(target, m.b, m.c);
        }
    };

    @SuppressWarnings("unchecked")
    static final Dispatch CALL3 = new ProxyDispatch() {
        @Override
        Object apply(Message m, Object target) {
            return ((QuadFunction<Object, Object, Object, Object, Object>) m.fn).apply(target, m.b, m.c, m.d);
        }
    };

    /** Builds the target on the loop unless a proxy message did so first: fn is unused, a the cell. */
    static final Dispatch CONSTRUCT = new Dispatch() {
        @Override
        protected void run(Message m) {
            ((Cell) m.a).constructIfPending();
        }

        @Override
        protected void reject(Object fn, Object a, Object b, Object c, Object d, ReplyImpl<?> reply,
                              RejectedCallException.Reason reason) {
            ((Cell) a).constructionRejected(reason);
        }
    };

    /** A proxy's close from elsewhere: a is its channel; takes effect once its accepted messages ran. */
    static final Dispatch CLOSE = new Dispatch(true) { // the library's own: never waits for room
        @Override
        protected void run(Message m) {
            ((Channel) m.a).closeFromElsewhere();
        }
    };

    /** Every proxy of a created target became unreachable: a is the cell. */
    static final Dispatch REAP = new Dispatch(true) { // the library's own: never waits for room
        @Override
        protected void run(Message m) {
            ((Cell) m.a).closeWhenDrained();
        }
    };
}
