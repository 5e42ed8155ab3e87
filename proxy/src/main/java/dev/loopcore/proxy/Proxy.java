package dev.loopcore.proxy;

import dev.loopcore.MessageLoop;
import dev.loopcore.RejectedCallException;
import dev.loopcore.Reply;
import dev.loopcore.function.QuadConsumer;
import dev.loopcore.function.QuadFunction;
import dev.loopcore.function.TriConsumer;
import dev.loopcore.function.TriFunction;
import dev.loopcore.internal.Dispatch;
import dev.loopcore.internal.LoopContext;
import dev.loopcore.internal.LoopCore;
import dev.loopcore.internal.Message;
import dev.loopcore.internal.ReplyImpl;

import java.lang.ref.Reference;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A handle to an object that lives on a loop: other threads call it through the proxy, and its
 * methods run on its loop, one at a time.
 *
 * <h2>Summary</h2>
 * {@link #create} constructs the target on its loop (invokes may follow at once: they queue behind
 * the construction); {@link #bind} wraps an object that already lives on a loop so other threads can
 * call it back. {@link #invoke} posts a method call without waiting; {@link #call} returns a
 * {@link Reply} whose callbacks run on the caller's loop; {@link #as} gives a whole interface.
 *
 * <h2>Detailed guarantees</h2>
 * <ul>
 *   <li>Calls one thread makes through a proxy run in the order made, after the construction.</li>
 *   <li>If the constructor throws, invokes return false (or are dropped) and calls fail with
 *       {@link RejectedCallException} {@code CONSTRUCTION_FAILED} whose cause is what it threw.</li>
 *   <li>{@link #close()} on the target's loop takes effect at once (an {@link AutoCloseable} target is
 *       closed before it returns); from elsewhere, after every message posted before it. Afterwards
 *       {@code invoke} returns false and calls fail with {@code TARGET_CLOSED} ({@code LOOP_CLOSED}
 *       once the loop closed). An invoke racing with close either runs before the close or never.</li>
 *   <li>An {@link AutoCloseable} target made by {@link #create} is closed on its loop exactly once: by
 *       {@link #close()}, when its loop closes, or when every proxy of it became unreachable. A
 *       {@link #bind} proxy never closes its target.</li>
 *   <li>Cycles: two targets on two loops that hold each other's proxies and nothing else are collected
 *       if the targets are not {@link AutoCloseable}. An AutoCloseable target must stay reachable until
 *       it is closed, and with it the proxies it holds, so such a cycle stays alive until one of its
 *       proxies is closed or one of its loops closes (which closes the target, which should close the
 *       proxies it holds).</li>
 *   <li>{@code invoke} with a non-capturing method reference allocates nothing in steady state.
 *       {@code RefCounted} arguments are owned by the message: released after the method returns,
 *       or when the message is rejected or dropped.</li>
 * </ul>
 * Threading: every method may be called from any thread.
 *
 * @param <T> the target's type
 */
public final class Proxy<T> implements AutoCloseable {
    private final LoopCore loop;
    /** This proxy's own channel to the target: its accepted count and close state (see {@link Channel}). */
    private final Channel channel;
    /** The channel's cell, read by senders here so they never touch the loop's cache line of the channel. */
    private final Cell cell;
    /** Keeps the target's lifetime handle reachable while this proxy is; see {@link Lifetime}. */
    private final Lifetime lifetime;

    private Proxy(LoopCore loop, Channel channel, Lifetime lifetime) {
        this.loop = loop;
        this.channel = channel;
        this.cell = channel.cell;
        this.lifetime = lifetime;
    }

    /** Constructs the target on {@code loop} with {@code constructor}; the proxy is usable at once. */
    public static <T> Proxy<T> create(MessageLoop loop, Supplier<? extends T> constructor) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(constructor, "constructor");
        LoopCore core = LoopCore.of(loop);
        Cell cell = Cell.toConstruct(core, constructor);
        Lifetime lifetime = Lifetime.track(cell);
        Proxy<T> p = new Proxy<>(core, new Channel(cell, true), lifetime);
        core.dispatch(ProxyOps.CONSTRUCT, null, cell, null, null, null); // a rejection marks the cell closed
        return p;
    }

    /**
     * A proxy to {@code target}, an object that already lives on {@code loop}. Called from a method of a
     * target that a proxy created, the new proxy shares that target's lifetime: once the target is
     * closed, nothing sent through it runs. Either way the new proxy has its own close state, and its
     * {@link #close()} never closes the target.
     */
    public static <T> Proxy<T> bind(MessageLoop loop, T target) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(target, "target");
        LoopCore core = LoopCore.of(loop);
        LoopContext ctx = LoopContext.current();
        if (ctx.loop() == core) {
            Message running = ctx.running();
            if (running != null && running.a instanceof Channel && ((Channel) running.a).cell.isTarget(target)) {
                Cell shared = ((Channel) running.a).cell;
                Channel ch = new Channel(shared, false);
                shared.register(ch);
                return new Proxy<>(core, ch, Lifetime.of(shared));
            }
        }
        return new Proxy<>(core, new Channel(Cell.bound(core, target), false), null);
    }

    /** The loop the target lives on. */
    public MessageLoop loop() {
        return loop;
    }

    // ---- invoke: post without waiting ----

    public boolean invoke(Consumer<? super T> method) {
        Objects.requireNonNull(method, "method");
        return send(ProxyOps.INVOKE0, method, null, null, null);
    }

    public <A> boolean invoke(BiConsumer<? super T, ? super A> method, A a) {
        Objects.requireNonNull(method, "method");
        return send(ProxyOps.INVOKE1, method, a, null, null);
    }

    public <A, B> boolean invoke(TriConsumer<? super T, ? super A, ? super B> method, A a, B b) {
        Objects.requireNonNull(method, "method");
        return send(ProxyOps.INVOKE2, method, a, b, null);
    }

    public <A, B, C> boolean invoke(QuadConsumer<? super T, ? super A, ? super B, ? super C> method, A a, B b, C c) {
        Objects.requireNonNull(method, "method");
        return send(ProxyOps.INVOKE3, method, a, b, c);
    }

    /**
     * Enqueue after deciding: the channel counts the message as accepted (or refuses it once closed),
     * which a close from elsewhere waits for (see {@link Channel}). The fence keeps this proxy, and with
     * it the target's lifetime handle, reachable until the message is in the mailbox: otherwise the
     * collector could find the proxy unreachable once its fields were read and the cleaner's close
     * could overtake the accepted message.
     */
    private boolean send(Dispatch op, Object method, Object a, Object b, Object c) {
        try {
            if (cell.isDead() || !channel.accept()) {
                ((ProxyOps.ProxyDispatch) op).refuse(a, b, c);
                return false;
            }
            return loop.dispatch(op, method, channel, a, b, c); // the loop releases what it rejects
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---- call: reply on the caller's loop ----

    public <R> Reply<R> call(Function<? super T, ? extends R> method) {
        Objects.requireNonNull(method, "method");
        return ask(ProxyOps.CALL0, method, null, null, null);
    }

    public <A, R> Reply<R> call(BiFunction<? super T, ? super A, ? extends R> method, A a) {
        Objects.requireNonNull(method, "method");
        return ask(ProxyOps.CALL1, method, a, null, null);
    }

    public <A, B, R> Reply<R> call(TriFunction<? super T, ? super A, ? super B, ? extends R> method, A a, B b) {
        Objects.requireNonNull(method, "method");
        return ask(ProxyOps.CALL2, method, a, b, null);
    }

    public <A, B, C, R> Reply<R> call(QuadFunction<? super T, ? super A, ? super B, ? super C, ? extends R> method,
                                      A a, B b, C c) {
        Objects.requireNonNull(method, "method");
        return ask(ProxyOps.CALL3, method, a, b, c);
    }

    /** As {@link #send}, for a call: refused calls fail with the reason instead. */
    private <R> Reply<R> ask(Dispatch op, Object method, Object a, Object b, Object c) {
        try {
            if (cell.isDead() || !channel.accept()) {
                ((ProxyOps.ProxyDispatch) op).refuse(a, b, c);
                return ReplyImpl.failed(loop, cell.isDead() ? cell.rejection()
                        : new RejectedCallException(RejectedCallException.Reason.TARGET_CLOSED));
            }
            return loop.dispatchCall(op, method, channel, a, b, c);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---- interfaces ----

    /**
     * A thread-safe {@code I} that relays to the target on its loop: {@code void} methods post;
     * methods returning {@link Reply}, {@link java.util.concurrent.CompletionStage} or
     * {@link java.util.concurrent.CompletableFuture} call asynchronously; any other return type calls
     * and awaits (filtered nested loop, deadlock detection). {@code equals}, {@code hashCode} and
     * {@code toString} answer locally.
     */
    public <I> I as(Class<I> iface) {
        Objects.requireNonNull(iface, "iface");
        return InterfaceProxy.create(this, iface);
    }

    // ---- lifetime ----

    /** True once this proxy was closed, its target closed or failed to construct, or its loop closed. */
    public boolean isClosed() {
        return channel.isClosedForSenders() || cell.isDead() || loop.isClosed();
    }

    /**
     * Closes the proxy: later sends through it are refused. On the target's loop at once: none of its
     * messages not yet run will run. From elsewhere, after every message it accepted before (also those
     * a nested await keeps aside). For the proxy {@link #create} returned, also the target, at the same
     * moment (from elsewhere: once the proxies bound from inside the target drained too). A
     * {@link #bind} proxy never closes its target. Idempotent; a close on the target's loop after one
     * from elsewhere still takes effect at once.
     */
    @Override
    public void close() {
        try {
            boolean first = channel.stopAccepting();
            if (loop.isCurrent()) {
                channel.closeNow();
            } else if (first) {
                loop.dispatch(ProxyOps.CLOSE, null, channel, null, null, null); // rejected: the loop closes the target
            }
            if (first && channel.owner && lifetime != null) lifetime.closedExplicitly();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** For the interface relay: posts {@code op} with a prepared method and arguments. */
    boolean relay(Dispatch op, Object fn, Object b, Object c, Object d) {
        return send(op, fn, b, c, d);
    }

    <R> Reply<R> relayCall(Dispatch op, Object fn, Object b, Object c, Object d) {
        return ask(op, fn, b, c, d);
    }

    @Override
    public String toString() {
        return "Proxy[" + loop.name() + (isClosed() ? ", closed" : "") + "]";
    }
}
