package dev.loopcore.proxy;

import dev.loopcore.RejectedCallException;
import dev.loopcore.function.QuadConsumer;
import dev.loopcore.function.QuadFunction;
import dev.loopcore.function.TriConsumer;
import dev.loopcore.function.TriFunction;
import dev.loopcore.internal.Dispatch;
import dev.loopcore.internal.Message;
import dev.loopcore.internal.ReplyImpl;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The proxy's messages: {@code fn} is the user's method reference, {@code a} the {@link Cell}, {@code b..d}
 * the arguments. A message that reaches a dead target does not run (a call's reply fails with the
 * cell's reason); the loop releases RefCounted arguments either way.
 */
final class ProxyOps {
    private ProxyOps() {
    }

    /** Base: checks the cell, then runs; a call's throw fails its reply. */
    abstract static class ProxyDispatch extends Dispatch {
        @Override
        protected final void run(Message m) throws Throwable {
            Cell cell = (Cell) m.a;
            if (!cell.isAlive()) {
                if (m.reply != null) m.reply.fail(cell.rejection());
                return;
            }
            if (m.reply == null) {
                invoke(m, cell.target);
                return;
            }
            Object v;
            try {
                v = apply(m, cell.target);
            } catch (Throwable t) {
                m.reply.failWith(t);
                return;
            }
            complete(m.reply, v);
        }

        void invoke(Message m, Object target) throws Throwable {
            throw new AssertionError();
        }

        Object apply(Message m, Object target) throws Throwable {
            throw new AssertionError();
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

    /** Runs the constructor on the loop: fn is the Supplier, a the cell, b the create proxy's lifetime handle. */
    static final Dispatch CONSTRUCT = new Dispatch() {
        @Override
        protected void run(Message m) {
            Cell cell = (Cell) m.a;
            if (cell.state != Cell.CONSTRUCTING) return; // closed before it was built
            Object t;
            try {
                t = ((Supplier<?>) m.fn).get();
                if (t == null) throw new NullPointerException("constructor returned null");
            } catch (Throwable e) {
                cell.failure = e;
                cell.state = Cell.FAILED;
                return;
            }
            cell.target = t;
            if (t instanceof AutoCloseable) {
                if (!cell.loop.addCloseHook(cell)) {
                    cell.state = Cell.ALIVE;
                    cell.close(RejectedCallException.Reason.LOOP_CLOSED, false);
                    return;
                }
            } else {
                Lifetime l = Lifetime.of(cell);
                if (l != null) l.nothingToClose();
            }
            cell.state = Cell.ALIVE;
        }

        @Override
        protected void reject(Object fn, Object a, Object b, Object c, Object d, ReplyImpl<?> reply,
                              RejectedCallException.Reason reason) {
            Cell cell = (Cell) a;
            cell.closedReason = reason;
            cell.state = Cell.CLOSED;
        }
    };

    /** Closes the cell on its loop, after every message posted before it: a is the cell. */
    static final Dispatch CLOSE = new Dispatch() {
        @Override
        protected void run(Message m) {
            Cell cell = (Cell) m.a;
            if (cell.state == Cell.CONSTRUCTING) {
                cell.state = Cell.CLOSED;
                return;
            }
            cell.close(RejectedCallException.Reason.TARGET_CLOSED, true);
        }
    };
}
