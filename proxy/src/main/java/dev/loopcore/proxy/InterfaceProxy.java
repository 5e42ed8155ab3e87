package dev.loopcore.proxy;

import dev.loopcore.Reply;
import dev.loopcore.internal.Dispatch;
import dev.loopcore.internal.Message;
import dev.loopcore.internal.Refs;
import dev.loopcore.internal.ReplyImpl;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link Proxy#as}: a {@link java.lang.reflect.Proxy} of the interface whose handler relays each call
 * through a per-method {@link Relay} computed once per interface (a {@link ClassValue}): the kind of
 * relay from the return type, and a spreading {@link MethodHandle} that invokes the method on the
 * target without reflection checks.
 */
final class InterfaceProxy {
    private InterfaceProxy() {
    }

    /** The relayed methods of an interface, in the order the generated relay indexes them. */
    private static final ClassValue<Method[]> RELAYED = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> iface) {
            return java.util.Arrays.stream(iface.getMethods())
                    .filter(InterfaceProxy::isRelayed)
                    .sorted(java.util.Comparator.comparing(Method::toGenericString))
                    .toArray(Method[]::new);
        }
    };

    private static final ClassValue<java.util.Map<Method, Relay>> RELAYS = new ClassValue<>() {
        @Override
        protected java.util.Map<Method, Relay> computeValue(Class<?> iface) {
            java.util.Map<Method, Relay> m = new java.util.HashMap<>();
            for (Method method : relayedMethods(iface)) m.put(method, Relay.of(method));
            return java.util.Collections.unmodifiableMap(m);
        }
    };

    /**
     * The one rule both relays follow: an interface method is relayed to the target unless it is static
     * (it belongs to the interface, not to an instance) or one of {@code equals(Object)},
     * {@code hashCode()} and {@code toString()} (declared by Object or redeclared by the interface),
     * which answer locally: identity, identity hash, {@link #describe}.
     */
    static boolean isRelayed(Method m) {
        if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) return false;
        int n = m.getParameterCount();
        String name = m.getName();
        boolean objectMethod = (n == 0 && (name.equals("hashCode") || name.equals("toString")))
                || (n == 1 && name.equals("equals") && m.getParameterTypes()[0] == Object.class);
        return !objectMethod;
    }

    /** The relayed methods of {@code iface} in a fixed order (a copy: the caller may not change the cache). */
    static Method[] relayedMethods(Class<?> iface) {
        return RELAYED.get(iface).clone();
    }

    /** What {@code toString()} of either relay answers. */
    static String describe(Object self, Proxy<?> proxy) {
        return self.getClass().getInterfaces()[0].getSimpleName() + " via " + proxy;
    }

    @SuppressWarnings("unchecked")
    static <I> I create(Proxy<?> proxy, Class<I> iface) {
        if (!iface.isInterface()) throw new IllegalArgumentException("iface must be an interface: " + iface.getName());
        java.util.Map<Method, Relay> relays = RELAYS.get(iface);
        Object generated = GeneratedRelay.create(proxy, iface, relays);
        if (generated != null) return (I) generated;
        InvocationHandler h = new Handler(proxy, relays);
        return (I) java.lang.reflect.Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[]{iface}, h);
    }

    /** How one interface method is relayed. */
    static final class Relay {
        static final int POST = 0;
        static final int REPLY = 1;
        static final int STAGE = 2;
        static final int SYNC = 3;

        final int kind;
        /** (Object target, Object[] args) -> Object, spreading the arguments. */
        final MethodHandle invoker;
        /** (Object target, Object a, Object b, Object c) -> Object, ignoring the unused ones; null past 3. */
        final MethodHandle invoker3;

        private Relay(int kind, MethodHandle invoker, MethodHandle invoker3) {
            this.kind = kind;
            this.invoker = invoker;
            this.invoker3 = invoker3;
        }

        static Relay of(Method method) {
            Class<?> rt = method.getReturnType();
            int kind = rt == void.class ? POST
                    : rt == Reply.class ? REPLY
                    : (rt == CompletionStage.class || rt == CompletableFuture.class) ? STAGE
                    : SYNC;
            try {
                method.setAccessible(true);
                MethodHandle mh = MethodHandles.lookup().unreflect(method);
                int n = method.getParameterCount();
                MethodHandle generic = mh.asType(MethodType.genericMethodType(n + 1));
                MethodHandle spread = generic.asSpreader(Object[].class, n)
                        .asType(MethodType.methodType(Object.class, Object.class, Object[].class));
                MethodHandle three = null;
                if (n <= 3) {
                    Class<?>[] unused = new Class<?>[3 - n];
                    java.util.Arrays.fill(unused, Object.class);
                    three = MethodHandles.dropArguments(generic, n + 1, unused);
                }
                return new Relay(kind, spread, three);
            } catch (IllegalAccessException | RuntimeException e) {
                throw new IllegalArgumentException("cannot relay " + method + ": " + e, e);
            }
        }

        Object invoke3(Object target, Object a, Object b, Object c) throws Throwable {
            return (Object) invoker3.invokeExact(target, a, b, c);
        }

        Object invoke(Object target, Object[] args) throws Throwable {
            Object[] spread = args == null ? NO_ARGS : args;
            return (Object) invoker.invokeExact(target, spread);
        }
    }

    private static final Object[] NO_ARGS = new Object[0];

    /** Relays of every kind run on the loop alike; a REPLY relay forwards the Reply the method returned. */
    abstract static class RelayDispatch extends ProxyOps.ProxyDispatch {
        @Override
        final void complete(Message m, Object v) {
            if (((Relay) m.fn).kind == Relay.REPLY && v instanceof Reply) forward((Reply<?>) v, m.reply);
            else super.complete(m, v);
        }
    }

    /**
     * Runs a relayed method on the loop: fn is the Relay, b the argument array. The message owns the
     * RefCounted elements of the array as {@code invoke} owns its arguments (contract 12).
     */
    static final Dispatch RELAY = new RelayDispatch() {
        @Override
        void invoke(Message m, Object target) throws Throwable {
            ((Relay) m.fn).invoke(target, (Object[]) m.b);
        }

        @Override
        Object apply(Message m, Object target) throws Throwable {
            return ((Relay) m.fn).invoke(target, (Object[]) m.b);
        }

        @Override
        void releaseOwned(Object b, Object c, Object d) {
            Object[] args = (Object[]) b;
            if (args == null) return;
            for (int i = 0; i < args.length; i += 4) {
                Refs.release(args[i], i + 1 < args.length ? args[i + 1] : null,
                        i + 2 < args.length ? args[i + 2] : null, i + 3 < args.length ? args[i + 3] : null);
            }
        }
    };

    /** Runs a relayed method on the loop with up to three arguments: fn is the Relay, b..d the arguments. */
    static final Dispatch RELAY3 = new RelayDispatch() {
        @Override
        void invoke(Message m, Object target) throws Throwable {
            ((Relay) m.fn).invoke3(target, m.b, m.c, m.d);
        }

        @Override
        Object apply(Message m, Object target) throws Throwable {
            return ((Relay) m.fn).invoke3(target, m.b, m.c, m.d);
        }
    };

    /**
     * The target's method returned a Reply: the relay's reply, the one its caller awaits, completes with
     * that one's outcome. The method ran in the relay call's chain, so a call it made (the returned
     * Reply among them) descends from the relay's reply: an await on the relay's reply runs the
     * callbacks of that call on the waiting loop (contract 8).
     */
    private static void forward(Reply<?> inner, ReplyImpl<?> outer) {
        @SuppressWarnings("unchecked")
        ReplyImpl<Object> o = (ReplyImpl<Object>) outer;
        inner.toFuture().whenComplete((v, e) -> { // deliberate: a call's reply path, not invoke's
            if (e == null) {
                // The future lends the inner reply's reference: the outer reply owns one of its own.
                if (v instanceof dev.loopcore.RefCounted) ((dev.loopcore.RefCounted) v).retain();
                if (!o.complete(v)) dev.loopcore.internal.Refs.release(v, null, null, null);
            } else if (e instanceof dev.loopcore.ReplyException) o.fail((dev.loopcore.ReplyException) e);
            else o.failWith(e);
        });
    }

    /** Relays one call by its kind: post, asynchronous call (Reply or future), or call and await. */
    @SuppressWarnings("unchecked")
    static Object relay(Proxy<?> proxy, Relay r, Dispatch op, Object b, Object c, Object d) {
        switch (r.kind) {
            case Relay.POST:
                proxy.relay(op, r, b, c, d);
                return null;
            case Relay.REPLY:
                return proxy.relayCall(op, r, b, c, d); // see forward
            case Relay.STAGE: {
                Reply<Object> outer = proxy.relayCall(op, r, b, c, d);
                CompletableFuture<Object> f = new CompletableFuture<>();
                outer.toFuture().whenComplete((v, e) -> {
                    if (e != null) f.completeExceptionally(e);
                    else if (v instanceof CompletionStage) ((CompletionStage<?>) v).whenComplete((v2, e2) -> {
                        if (e2 != null) f.completeExceptionally(e2);
                        else f.complete(v2);
                    });
                    else f.complete(v);
                });
                return f;
            }
            default:
                return proxy.relayCall(op, r, b, c, d).await();
        }
    }

    private static final class Handler implements InvocationHandler {
        private final Proxy<?> proxy;
        private final java.util.Map<Method, Relay> relays;

        Handler(Proxy<?> proxy, java.util.Map<Method, Relay> relays) {
            this.proxy = proxy;
            this.relays = relays;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            Relay r = relays.get(method);
            if (r == null) return local(self, method, args);
            return relay(proxy, r, RELAY, args, null, null);
        }

        private Object local(Object self, Method method, Object[] args) {
            switch (method.getName()) {
                case "equals":
                    return args != null && args.length == 1 && self == args[0];
                case "hashCode":
                    return System.identityHashCode(self);
                case "toString":
                    return describe(self, proxy);
                default:
                    throw new UnsupportedOperationException(method.toString());
            }
        }
    }
}
